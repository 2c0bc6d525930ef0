package io.berth.cri;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseBinaryTest {
  @TempDir
  Path dir;

  @Test
  void waitsUntilSigtermThenExitsZero() throws Exception {
    Path pause = dir.resolve("pause");
    Files.write(pause, PauseBinary.bytes());
    Files.setPosixFilePermissions(pause, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = new ProcessBuilder(pause.toString()).start();
    assertThat(p.waitFor(300, TimeUnit.MILLISECONDS)).as("pause exited by itself").isFalse();
    p.destroy(); // SIGTERM: without the handler the status would be 143
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void sigintEndsItToo() throws Exception {
    Path pause = dir.resolve("pause");
    Files.write(pause, PauseBinary.bytes());
    Files.setPosixFilePermissions(pause, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process p = new ProcessBuilder(pause.toString()).start();
    Thread.sleep(100);
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void imageLayerHoldsOnlyAnExecutablePause() throws Exception {
    var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.io.ByteArrayInputStream(PauseImage.tar()));
    var e = tar.getNextEntry();
    assertThat(e.getName()).isEqualTo("pause");
    assertThat(e.getMode() & 0111).isEqualTo(0111);
    assertThat(tar.readAllBytes()).isEqualTo(PauseBinary.bytes());
    assertThat(tar.getNextEntry()).isNull();
  }
}
