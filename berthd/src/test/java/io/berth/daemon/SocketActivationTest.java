package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketActivationTest {
  @Test
  void takesTheOneSocketPassedToThisProcess() {
    Map<String, String> env = Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1",
        "LISTEN_FDNAMES", "berthd.socket");
    assertThat(SocketActivation.fd("fd://", env, 42)).isEqualTo(3);
    assertThat(SocketActivation.fd("fd://3", env, 42)).isEqualTo(3);
    assertThat(SocketActivation.fd("fd://berthd.socket", env, 42)).isEqualTo(3);
    assertThatThrownBy(() -> SocketActivation.fd("fd://other", env, 42))
        .hasMessage("no socket other among the activated sockets (berthd.socket)");
  }

  @Test
  void refusesSocketsMeantForAnotherProcessOrMissing() {
    String none = "no sockets found via socket activation: make sure the service was started "
        + "by systemd";
    assertThatThrownBy(() -> SocketActivation.fd("fd://", Map.of(), 42)).hasMessage(none);
    assertThatThrownBy(() -> SocketActivation.fd("fd://",
        Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42)).hasMessage(none);
    assertThatThrownBy(() -> SocketActivation.fd("fd://",
        Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2"), 42))
        .hasMessage("berthd takes one socket from systemd, LISTEN_FDS is 2");
  }
}
