package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSyscallsTest {
  @Test
  void recordsCallsAndKeepsXattrs() {
    RecordingSyscalls sys = new RecordingSyscalls();
    sys.mount("overlay", "/t", "overlay", 0, "lowerdir=/a");
    sys.lsetxattr("/t/d", "trusted.overlay.opaque", new byte[] {'y'}, 0);
    assertThat(sys.calls("mount")).singleElement()
        .extracting(RecordingSyscalls.Call::args)
        .isEqualTo(List.of("overlay", "/t", "overlay", 0L, "lowerdir=/a"));
    assertThat(sys.lgetxattr("/t/d", "trusted.overlay.opaque")).get().isEqualTo(new byte[] {'y'});
    assertThat(sys.llistxattr("/t/d")).containsExactly("trusted.overlay.opaque");
    assertThat(sys.calls()).hasSize(4);
  }

  @Test
  void failNextThrowsOnce() {
    RecordingSyscalls sys = new RecordingSyscalls();
    sys.failNext("umount2", Errno.EBUSY);
    assertThatThrownBy(() -> sys.umount2("/t", 0)).isInstanceOf(SyscallException.class)
        .hasMessage("umount2 /t: EBUSY (16)");
    sys.umount2("/t", 0);
    assertThat(sys.calls("umount2")).hasSize(2);
  }

  @Test
  void makedevMatchesGlibc() {
    assertThat(Syscalls.makedev(1, 3)).isEqualTo(0x103L);
    assertThat(Syscalls.makedev(259, 65536)).isEqualTo(0x10010300L);
    assertThat(Syscalls.makedev(8, 1)).isEqualTo(0x801L);
  }
}
