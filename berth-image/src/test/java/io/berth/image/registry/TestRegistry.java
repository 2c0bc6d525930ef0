package io.berth.image.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (the CNCF distribution registry) on a free loopback port with its own
 * storage directory; optionally with htpasswd basic auth or TLS. Used by the image tests and by
 * the end-to-end tests.
 */
public final class TestRegistry implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/docker-registry");

  public final int port;
  public final Path dir;
  private final Process process;

  private TestRegistry(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** A registry without auth. */
  public static TestRegistry start(Path dir) throws Exception {
    return start(dir, null, null, null);
  }

  /**
   * @param htpasswd an htpasswd file for basic auth, or null
   * @param tlsCert PEM certificate (and {@code tlsKey}) to serve HTTPS, or null
   */
  public static TestRegistry start(Path dir, Path htpasswd, Path tlsCert, Path tlsKey)
      throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    StringBuilder yml = new StringBuilder("""
        version: 0.1
        log:
          level: info
          accesslog:
            disabled: false
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(dir.resolve("storage"), port));
    if (tlsCert != null) {
      yml.append("  tls:\n    certificate: ").append(tlsCert).append("\n    key: ")
          .append(tlsKey).append('\n');
    }
    if (htpasswd != null) {
      yml.append("auth:\n  htpasswd:\n    realm: basic-realm\n    path: ").append(htpasswd)
          .append('\n');
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yml);
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "serve", config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile()).start();
    TestRegistry r = new TestRegistry(port, dir, p);
    r.awaitPort();
    return r;
  }

  /** {@code htpasswd -Bbn user pass} into a file. */
  public static Path htpasswd(Path file, String user, String pass) throws Exception {
    Process p = new ProcessBuilder("htpasswd", "-Bbn", user, pass).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("htpasswd failed");
    }
    Files.write(file, out);
    return file;
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return Files.readString(dir.resolve("registry.log"));
  }

  private void awaitPort() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("docker-registry exited: " + log());
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("docker-registry did not listen: " + log());
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
