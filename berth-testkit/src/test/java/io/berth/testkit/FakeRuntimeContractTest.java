package io.berth.testkit;

import io.berth.runtime.CreateRequest;
import io.berth.runtime.ExecRequest;
import io.berth.runtime.OciRuntime;
import io.berth.runtime.RuntimeContract;
import io.berth.runtime.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The fake runtime the other modules' tests run on keeps the contract the conmon runtime keeps. */
class FakeRuntimeContractTest extends RuntimeContract {
  @TempDir Path tmp;
  private FakeRuntime fake;

  @Override
  protected OciRuntime open() {
    fake = new FakeRuntime((log, stream, line) -> { });
    return fake;
  }

  private Task create(String id, FakeRuntime.Script script) throws Exception {
    Path bundle = Files.createDirectories(tmp.resolve(id + "-" + System.nanoTime()));
    Files.writeString(bundle.resolve("config.json"), "{}");
    fake.scripts = r -> script;
    return fake.create(new CreateRequest(id, bundle, "runc", false, false, true, null));
  }

  @Override
  protected Task createPrinting(String id, String stdout, String stderr, int code)
      throws Exception {
    return create(id, FakeRuntime.Script.print(code, stdout.isEmpty() ? null : stdout,
        stderr.isEmpty() ? null : stderr));
  }

  @Override
  protected Task createRunning(String id) throws Exception {
    return create(id, FakeRuntime.Script.runForever());
  }

  @Override
  protected ExecRequest printingExec(String execId, String stdout, int code) {
    fake.execScripts = r -> FakeRuntime.Script.print(code, stdout, null);
    return new ExecRequest(execId, "{}", false, false);
  }
}
