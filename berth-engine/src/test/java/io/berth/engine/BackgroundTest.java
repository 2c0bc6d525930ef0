package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackgroundTest {
  @Test
  void awaitReturnsOnceTheWorkStartedSoFarHasEnded() {
    Background later = new Background();
    AtomicBoolean done = new AtomicBoolean();
    later.run("slow", () -> {
      sleep(200);
      done.set(true);
    });
    assertThat(done).isFalse();
    later.await(Duration.ofSeconds(10));
    assertThat(done).isTrue();
  }

  @Test
  void aFailureIsLoggedAndTheNextWorkStillRuns() {
    Background later = new Background();
    AtomicBoolean after = new AtomicBoolean();
    later.run("fails", () -> {
      throw new IllegalStateException("boom");
    });
    later.run("after", () -> after.set(true));
    later.await(Duration.ofSeconds(10));
    assertThat(after).isTrue();
  }

  @Test
  void awaitGivesUpAtItsLimit() throws Exception {
    Background later = new Background();
    CountDownLatch release = new CountDownLatch(1);
    later.run("stuck", () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long t0 = System.nanoTime();
    later.await(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250),
        Duration.ofSeconds(5));
    release.countDown();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
