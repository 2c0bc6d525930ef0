package io.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real berthd process on its own temp root, exec root and socket, started from the test
 * class path. {@link #close()} sends SIGTERM, as an operator would.
 */
final class Berthd implements AutoCloseable {
  /** The heap ceiling bin/berthd and the systemd unit give berthd. */
  static final String MAX_HEAP = "1g";

  final Path dir;
  /** The data root: {@code <dir>/root}, or its {@code <uid>.<gid>} when remapped (ADR 0111). */
  Path root;
  final Path execRoot;
  final Path socket;
  final Path log;
  final Process process;

  private Berthd(Path dir, Process process) {
    this.dir = dir;
    this.root = dir.resolve("root");
    this.execRoot = dir.resolve("exec");
    this.socket = dir.resolve("berth.sock");
    this.log = dir.resolve("berthd.log");
    this.process = process;
  }

  static Berthd start(Path dir, String... extraArgs) throws Exception {
    return startUnder(List.of(), dir, extraArgs);
  }

  /**
   * Starts berthd under a wrapper that execs it (such as {@code prlimit --nofile=1024}), so
   * the process is still berthd's own.
   */
  static Berthd startUnder(List<String> wrapper, Path dir, String... extraArgs) throws Exception {
    return startWith(wrapper, List.of(), dir, extraArgs);
  }

  /** Starts berthd with JVM options of its own (such as {@code -Dberth.http.headerTimeout=2}). */
  static Berthd startWith(List<String> wrapper, List<String> jvmOptions, Path dir,
      String... extraArgs) throws Exception {
    Process p = launch(wrapper, jvmOptions, dir, extraArgs);
    Berthd d = new Berthd(dir, p);
    d.awaitSocket();
    return d;
  }

  /** Starts berthd without waiting; for tests of start-up failures. */
  static Process launch(Path dir, String... extraArgs) throws IOException {
    return launch(List.of(), List.of(), dir, extraArgs);
  }

  /** Starts berthd under {@code wrapper} without waiting (systemd-socket-activate starts it late). */
  static Process launchUnder(List<String> wrapper, Path dir, String... extraArgs)
      throws IOException {
    return launch(wrapper, List.of(), dir, extraArgs);
  }

  private static Process launch(List<String> wrapper, List<String> jvmOptions, Path dir,
      String... extraArgs) throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(List.of(java(), "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseSerialGC", "-Xmx" + MAX_HEAP));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.berth.daemon.Main",
        "--root", dir.resolve("root").toString(),
        "--exec-root", dir.resolve("exec").toString(),
        "--config-file", configFile(dir).toString(),
        "-H", "unix://" + dir.resolve("berth.sock")));
    if (!List.of(extraArgs).contains("--bridge")) {
      cmd.addAll(TestNet.of(dir).daemonArgs());
    }
    cmd.addAll(List.of(extraArgs));
    // BERTH_E2E_USERNS_REMAP=default runs every suite against a remapped daemon (ADR 0111)
    if (remapped() && !cmd.contains("--userns-remap")) {
      searchable(dir);
      cmd.addAll(List.of("--userns-remap", System.getenv("BERTH_E2E_USERNS_REMAP")));
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("berthd.log").toFile()))
        .start();
  }

  /**
   * Lets every user search {@code dir} and the directories above it up to {@code /tmp}: a
   * remapped container's root sets up its mounts from inside its user namespace, where
   * JUnit's 0700 temp dirs would stop it (ADR 0111). Returns {@code dir}.
   */
  static Path searchable(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath(); p != null && !p.equals(Path.of("/tmp"))
        && !p.equals(Path.of("/")); p = p.getParent()) {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> perms =
          Files.getPosixFilePermissions(p);
      perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
      perms.add(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
      Files.setPosixFilePermissions(p, perms);
    }
    return dir;
  }

  private static Path configFile(Path dir) throws IOException {
    Path f = dir.resolve("daemon.json");
    if (!Files.exists(f)) {
      Files.writeString(f, "{}\n");
    }
    return f;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String host() {
    return "unix://" + socket;
  }

  /** Whether the e2e run uses remapped daemons ({@code BERTH_E2E_USERNS_REMAP}). */
  static boolean remapped() {
    String remap = System.getenv("BERTH_E2E_USERNS_REMAP");
    return remap != null && !remap.isEmpty();
  }

  /**
   * Gives a host directory to the containers' root, as an operator of dockerd with
   * userns-remap does for a bind source containers must write to; a no-op when not remapped.
   */
  Path writableByContainers(Path hostDir) throws IOException {
    String[] ids = root.getFileName().toString().split("\\.");
    if (ids.length == 2 && ids[0].matches("[0-9]+") && !root.equals(dir.resolve("root"))) {
      Files.setAttribute(hostDir, "unix:uid", Integer.parseInt(ids[0]));
      Files.setAttribute(hostDir, "unix:gid", Integer.parseInt(ids[1]));
    }
    return hostDir;
  }

  private void awaitSocket() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (answers()) {
        if (remapped()) {
          try (var dirs = Files.list(dir.resolve("root"))) {
            root = dirs.filter(p -> p.getFileName().toString().matches("[0-9]+\\.[0-9]+"))
                .findFirst().orElse(root);
          }
        }
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("berthd exited " + process.exitValue() + ": "
            + Files.readString(log));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("berthd did not create its socket: " + Files.readString(log));
  }

  /**
   * True once the daemon answers {@code /version}, which waits for every service of a starting
   * daemon ({@code /_ping} answers before, ADR 0141). Neither the socket file nor a connect proves
   * it serves: a killed daemon leaves its socket file behind, and the kernel accepts connections
   * on a bound socket before berthd has bound its other listeners.
   */
  private boolean answers() {
    if (!Files.exists(socket)) {
      return false;
    }
    try (java.nio.channels.SocketChannel ch =
        java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      ch.connect(java.net.UnixDomainSocketAddress.of(socket));
      ch.write(java.nio.ByteBuffer.wrap(
          "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes()));
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64);
      while (buf.position() < 12 && ch.read(buf) > 0) {
        // read the status line
      }
      return new String(buf.array(), 0, buf.position()).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the daemon; when no container network namespace is left (nothing runs on for a
   * restarted daemon to adopt), also removes the test's bridges and nftables table.
   */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    TestNet.of(dir).cleanUpIfIdle(root, execRoot);
  }
}
