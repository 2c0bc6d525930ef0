package io.berth.runtime.conmon;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.runtime.CreateRequest;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeContract;
import io.berth.runtime.Task;
import io.berth.sys.LinuxSyscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.io.TempDir;

/** Tier 3: the runtime contract on real conmon and runc over busybox bundles; root only. */
class ConmonRuntimeContractTest extends RuntimeContract {
  @TempDir Path tmp;
  private final String cgroupParent = "berth-test-" + Integer.toHexString(
      ThreadLocalRandom.current().nextInt(1 << 24));
  private int bundles;

  @Override
  protected OciRuntime open() {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    for (Path p : List.of(ConmonRuntimeTest.RUNC, ConmonRuntimeTest.CONMON,
        Path.of("/bin/busybox"))) {
      assumeTrue(Files.isExecutable(p), "needs " + p);
    }
    return new ConmonRuntime(tmp.resolve("exec"), ConmonRuntimeTest.CONMON,
        Map.of("runc", RuntimeBinary.of(ConmonRuntimeTest.RUNC.toString())), tmp.resolve("oci"),
        new LinuxSyscalls());
  }

  private Task create(String id, String... args) throws Exception {
    Path bundle = TestBundle.create(tmp.resolve("b" + bundles++), cgroupParent, id, true, args);
    return runtime.create(new CreateRequest(id, bundle, "runc", false, false, true,
        tmp.resolve(id + ".log")));
  }

  @Override
  protected Task createPrinting(String id, String stdout, String stderr, int code)
      throws Exception {
    // $0 and $1 carry the texts, so nothing needs quoting
    return create(id, "sh", "-c", "printf '%s' \"$0\"; sleep 0.1; printf '%s' \"$1\" >&2; exit "
        + code, stdout, stderr);
  }

  @Override
  protected Task createRunning(String id) throws Exception {
    return create(id, "sleep", "100");
  }

  @Override
  protected ExecRequest printingExec(String execId, String stdout, int code) throws Exception {
    return new ExecRequest(execId, TestBundle.process("sh", "-c",
        "printf '%s' \"$0\"; exit " + code, stdout), false, false);
  }

  @Override
  protected void cleanUp() {
    new CgroupDirs(Path.of("/sys/fs/cgroup")).remove("/" + cgroupParent + "/x");
  }
}
