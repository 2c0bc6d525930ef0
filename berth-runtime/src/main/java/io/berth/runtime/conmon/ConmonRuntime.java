package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.runtime.CreateRequest;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.Task;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link OciRuntime} with one conmon 2.1.6 per container in front of runc or crun, as podman
 * does it. Files, per container, under {@code <exec-root>/runtime/<id>/}: {@code task.json},
 * {@code conmon.pid}, {@code pidfile}, {@code exits/<id>}, {@code persist/{exit,oom}} and
 * {@code exec/<exec-id>/...}; the runtime's own state is under {@code <state-root>/<name>}
 * (its {@code --root}); conmon puts {@code attach}, {@code ctl} and {@code winsz} in the bundle.
 *
 * <pre>{@code
 * OciRuntime rt = new ConmonRuntime(Path.of("/run/berth"), Path.of("/usr/bin/conmon"),
 *     Map.of("runc", RuntimeBinary.of("/usr/sbin/runc")), Path.of("/run/berth/oci"), syscalls);
 * }</pre>
 */
public final class ConmonRuntime implements OciRuntime {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path execRoot;
  private final Path conmon;
  private final Map<String, RuntimeBinary> runtimes;
  private final Path stateRoot;
  private final CgroupDirs cgroups;
  private final Syscalls sys;
  private final Duration timeout;

  /**
   * @param execRoot per-boot state (berthd's {@code --exec-root}, e.g. {@code /run/berth})
   * @param conmon the conmon binary
   * @param runtimes runtime name (as in {@link CreateRequest#runtime()}) to binary
   * @param stateRoot parent of each runtime's {@code --root}, e.g. {@code /run/berth/oci}
   * @param sys the kernel calls (berthd passes the one {@code LinuxSyscalls} it names)
   */
  public ConmonRuntime(Path execRoot, Path conmon, Map<String, RuntimeBinary> runtimes,
      Path stateRoot, Syscalls sys) {
    this(execRoot, conmon, runtimes, stateRoot, CgroupDirs.system(), sys,
        Duration.ofSeconds(30));
  }

  ConmonRuntime(Path execRoot, Path conmon, Map<String, RuntimeBinary> runtimes, Path stateRoot,
      CgroupDirs cgroups, Syscalls sys, Duration timeout) {
    this.execRoot = execRoot;
    this.conmon = conmon;
    this.runtimes = Map.copyOf(runtimes);
    this.stateRoot = stateRoot;
    this.cgroups = cgroups;
    this.sys = sys;
    this.timeout = timeout;
  }

  @Override
  public Task create(CreateRequest req) {
    if (!ID.matcher(req.id()).matches()) {
      throw BerthException.invalid("invalid container id: " + req.id());
    }
    TaskDir dir = TaskDir.container(execRoot, req.id(), req.bundle());
    if (Files.exists(dir.dir())) {
      throw BerthException.conflict("container " + req.id() + " already has a task");
    }
    ConmonEnv env = env(req.runtime());
    TaskMeta meta = new TaskMeta(req.id(), req.runtime(), req.bundle().toString(),
        req.terminal(), req.stdin(), cgroupsPath(req.bundle()));
    try {
      Files.createDirectories(dir.exits());
      Files.createDirectories(dir.persist());
      Files.createDirectories(env.socketDir());
      Files.createDirectories(env.stateRoot());
      meta.write(dir.meta());
      ConmonLauncher.create(ConmonArgs.create(conmon, env.runtime(), env.stateRoot(),
          env.socketDir(), dir, req), dir.dir(), dir.conmonPidFile(), timeout);
      return new ConmonTask(env, meta, dir);
    } catch (ConmonLauncher.Failure | IOException | RuntimeException e) {
      TaskCleanup.run(env, meta, dir);
      if (e instanceof BerthException b) {
        throw b;
      }
      throw new BerthException.InvalidArgument(e.getMessage(), e);
    }
  }

  @Override
  public Optional<Task> load(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Path metaFile = execRoot.resolve("runtime").resolve(id).resolve("task.json");
    try {
      TaskMeta meta = TaskMeta.read(metaFile);
      TaskDir dir = TaskDir.container(execRoot, id, Path.of(meta.bundle()));
      TaskCleanup.removeFinishedExecs(dir);
      return Optional.of(new ConmonTask(env(meta.runtime()), meta, dir));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list() {
    List<String> ids = new ArrayList<>();
    Path root = execRoot.resolve("runtime");
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        if (Files.exists(d.resolve("task.json"))) {
          ids.add(d.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("list " + root, e);
    }
    return ids;
  }

  private ConmonEnv env(String runtime) {
    RuntimeBinary bin = runtimes.get(runtime);
    if (bin == null) {
      throw BerthException.invalid("unknown or invalid runtime name: " + runtime);
    }
    return new ConmonEnv(conmon, bin, stateRoot.resolve(runtime), execRoot.resolve("s"),
        cgroups, sys, timeout);
  }

  /** {@code linux.cgroupsPath} from the bundle's config.json, to clean up after delete. */
  private static String cgroupsPath(Path bundle) {
    try {
      var node = JSON.readTree(bundle.resolve("config.json").toFile())
          .path("linux").path("cgroupsPath");
      return node.isTextual() ? node.asText() : null;
    } catch (IOException e) {
      throw BerthException.invalid("read " + bundle.resolve("config.json") + ": "
          + Messages.of(e));
    }
  }
}
