package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.common.StdStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviours every {@link OciRuntime} and its {@link Task}s have: the conmon runtime (tier 3,
 * {@code ConmonRuntimeContractTest}) and the testkit's {@code FakeRuntime}
 * ({@code FakeRuntimeContractTest}) both run it. Subclasses say how to make a task whose
 * process prints and exits, and one that runs until it is killed.
 */
public abstract class RuntimeContract {
  protected OciRuntime runtime;
  private final List<String> ids = new ArrayList<>();

  /** The runtime under test; assumes (skips with the reason) what the host must have. */
  protected abstract OciRuntime open() throws Exception;

  /**
   * Creates task {@code id} whose process writes {@code stdout}, then {@code stderr}, then exits
   * with {@code code}.
   */
  protected abstract Task createPrinting(String id, String stdout, String stderr, int code)
      throws Exception;

  /** Creates task {@code id} whose process runs until it is killed. */
  protected abstract Task createRunning(String id) throws Exception;

  /** An exec {@code execId} whose process writes {@code stdout} and exits with {@code code}. */
  protected abstract ExecRequest printingExec(String execId, String stdout, int code)
      throws Exception;

  @BeforeEach
  void openRuntime() throws Exception {
    runtime = open();
  }

  @AfterEach
  void deleteTasks() {
    if (runtime == null) {
      return;
    }
    for (String id : ids) {
      runtime.load(id).ifPresent(t -> {
        try {
          t.kill(9, true);
        } catch (BerthException e) {
          // not running
        }
        try {
          t.exit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          // deleting is what matters
        }
        t.delete();
      });
    }
    cleanUp();
  }

  /** Runs after every task of a test is deleted (cgroups, mounts). */
  protected void cleanUp() {}

  private String id(String name) {
    String id = name + Long.toHexString(System.nanoTime());
    ids.add(id);
    return id;
  }

  private static ExitStatus await(Task t) throws Exception {
    return t.exit().get(20, TimeUnit.SECONDS);
  }

  @Test
  void theOutputArrivesOnItsStreamAndTheExitCodeIsKept() throws Exception {
    Task t = createPrinting(id("print"), "out\n", "err\n", 7);
    Map<StdStream, ByteArrayOutputStream> got = new EnumMap<>(StdStream.class);
    try (AttachStream a = t.attach()) {
      t.start();
      for (AttachStream.Frame f = a.read(); f != null; f = a.read()) {
        got.computeIfAbsent(f.stream(), s -> new ByteArrayOutputStream()).write(f.data());
      }
    }
    assertThat(got.get(StdStream.STDOUT)).hasToString("out\n");
    assertThat(got.get(StdStream.STDERR)).hasToString("err\n");
    assertThat(await(t).code()).isEqualTo(7);
    assertThat(t.status()).isEqualTo(TaskStatus.STOPPED);
  }

  @Test
  void statusAndPidFollowTheLifecycle() throws Exception {
    Task t = createRunning(id("run"));
    assertThat(t.status()).isEqualTo(TaskStatus.CREATED);
    assertThat(t.exit()).isNotDone();
    t.start();
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(t.pid()).isPositive();
    t.kill(9, false);
    assertThat(await(t).code()).isEqualTo(137);
    assertThat(t.status()).isEqualTo(TaskStatus.STOPPED);
    assertThat(t.pid()).isZero();
    assertThatThrownBy(t::start).isInstanceOf(BerthException.Conflict.class);
  }

  @Test
  void aTaskIsListedAndLoadedUntilItIsDeleted() throws Exception {
    String id = id("list");
    Task t = createPrinting(id, "", "", 0);
    t.start();
    assertThat(await(t).code()).isZero();
    assertThat(runtime.list()).contains(id);
    assertThat(runtime.load(id)).hasValueSatisfying(l -> assertThat(l.id()).isEqualTo(id));
    t.delete();
    assertThat(runtime.load(id)).isEmpty();
    assertThat(runtime.list()).doesNotContain(id);
  }

  @Test
  void anIdIsTakenOnceAndAnUnknownIdLoadsNothing() throws Exception {
    String id = id("dup");
    createRunning(id).start();
    assertThatThrownBy(() -> createRunning(id)).isInstanceOf(BerthException.Conflict.class);
    assertThat(runtime.load("unknown" + System.nanoTime())).isEmpty();
  }

  @Test
  void pauseAndResumeMoveTheStatusAndTheTaskStillDiesOfAKill() throws Exception {
    Task t = createRunning(id("pause"));
    t.start();
    t.pause();
    assertThat(t.status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(t.exit()).isNotDone();
    t.resume();
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    t.kill(9, false);
    assertThat(await(t).code()).isEqualTo(137);
  }

  @Test
  void anExecHasItsOwnOutputAndExitCodeAndItsTaskKeepsRunning() throws Exception {
    Task t = createRunning(id("exec"));
    t.start();
    ExecProcess e = t.exec(printingExec("e1", "from exec\n", 5));
    assertThat(e.execId()).isEqualTo("e1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AttachStream a = e.attach()) {
      for (AttachStream.Frame f = a.read(); f != null; f = a.read()) {
        assertThat(f.stream()).isEqualTo(StdStream.STDOUT);
        out.write(f.data());
      }
    }
    assertThat(out).hasToString("from exec\n");
    assertThat(e.exit().get(20, TimeUnit.SECONDS).code()).isEqualTo(5);
    assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(t.exit()).isNotDone();
  }
}
