package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FifosTest {
  @TempDir Path dir;

  private Path fifo() throws Exception {
    Path p = dir.resolve("ctl");
    Process mk = new ProcessBuilder(List.of("mkfifo", p.toString())).start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
    return p;
  }

  /** The old code blocked here for ever (open(2) of a FIFO nobody reads, on a carrier). */
  @Test
  @Timeout(10)
  void aFifoWithoutAReaderIsRefusedAtOnce() throws Exception {
    assertThat(Fifos.offer(fifo(), "1 24 80\n")).isFalse();
    assertThat(Fifos.offer(dir.resolve("gone"), "x")).isFalse();
  }

  @Test
  @Timeout(10)
  void aReaderGetsTheWholeLine() throws Exception {
    Path p = fifo();
    // O_RDWR never blocks on a FIFO (fifo(7)); it stands in for conmon's reader
    try (var reader = java.nio.channels.FileChannel.open(p,
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
        InputStream in = java.nio.channels.Channels.newInputStream(reader)) {
      assertThat(Fifos.offer(p, "2 0 0\n")).isTrue();
      assertThat(new String(in.readNBytes(6))).isEqualTo("2 0 0\n");
    }
    assertThat(Files.exists(p)).isTrue();
  }
}
