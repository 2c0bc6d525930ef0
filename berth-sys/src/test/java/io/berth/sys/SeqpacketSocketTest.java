package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqpacketSocketTest {
  @TempDir Path dir;

  @Test
  void connectingToAMissingSocketNamesTheErrno() {
    assertThatThrownBy(() -> SeqpacketSocket.connect(dir.resolve("attach")))
        .isInstanceOf(SyscallException.class)
        .hasMessageContaining("ENOENT");
  }

  @Test
  void aPathLongerThanSunPathGoesThroughProcSelfFd() throws Exception {
    Path deep = dir.resolve("x".repeat(100)).resolve("y".repeat(40));
    java.nio.file.Files.createDirectories(deep);
    assertThatThrownBy(() -> SeqpacketSocket.connect(deep.resolve("attach")))
        .isInstanceOf(SyscallException.class)
        .hasMessageContaining("connect /proc/self/fd/")
        .hasMessageContaining("ENOENT");
  }
}
