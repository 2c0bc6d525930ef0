package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramTest {
  @TempDir Path dir;

  @Test
  void aDatagramReachesASocketBoundToAPathOrAnAbstractName() {
    for (String address : new String[] {dir.resolve("notify").toString(),
        "@berth-test-" + ProcessHandle.current().pid()}) {
      try (UnixDatagram in = UnixDatagram.bound(address); UnixDatagram out = UnixDatagram.open()) {
        out.send(address, "READY=1\nMAINPID=7");
        out.send(address, "STOPPING=1");
        assertThat(in.receive()).isEqualTo("READY=1\nMAINPID=7");
        assertThat(in.receive()).isEqualTo("STOPPING=1");
      }
    }
  }

  @Test
  void sendingToNoSocketFailsWithTheErrno() {
    try (UnixDatagram out = UnixDatagram.open()) {
      assertThatThrownBy(() -> out.send(dir.resolve("nobody").toString(), "READY=1"))
          .isInstanceOf(SyscallException.class).hasMessageContaining("ENOENT");
    }
  }
}
