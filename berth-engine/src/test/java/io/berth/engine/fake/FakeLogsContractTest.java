package io.berth.engine.fake;

import io.berth.engine.LogSource;
import io.berth.engine.LogSourceContract;
import io.berth.runtime.LogEntry;
import java.nio.file.Path;

/** The in-memory logs the engine's tests read keep the contract the k8s-file reader keeps. */
class FakeLogsContractTest extends LogSourceContract {
  private FakeLogs logs;

  @Override
  protected LogSource open() {
    logs = new FakeLogs();
    return logs;
  }

  @Override
  protected void append(Path log, LogEntry e) {
    logs.append(log, e);
  }
}
