package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resizes sent to a control FIFO whose conmon no longer reads it (an exec that has ended) must
 * leave berthd's virtual threads free: the old write blocked in open(2) on a virtual thread,
 * pinning its carrier, and a few such resizes froze berthd (ExecE2eTest hung in CI).
 */
class ControlFifoTest {
  @TempDir Path dir;

  @Test
  @Timeout(30)
  void resizesNobodyReadsNeitherBlockNorPinCarriers() throws Exception {
    Path ctl = dir.resolve("ctl");
    Process mk = new ProcessBuilder(List.of("mkfifo", ctl.toString())).start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
    int alive = (int) ProcessHandle.current().pid(); // a live "monitor" that never reads
    int carriers = Runtime.getRuntime().availableProcessors();
    long start = System.nanoTime();
    for (int i = 0; i < carriers + 2; i++) {
      ControlFifo.resize(ctl, alive, 24, 80);
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(2);
    CountDownLatch ran = new CountDownLatch(1);
    Thread.ofVirtual().start(ran::countDown);
    assertThat(ran.await(5, TimeUnit.SECONDS)).as("a virtual thread still gets a carrier")
        .isTrue();
  }
}
