package io.berth.api.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: a socket a live daemon listens on is never taken over (ADR 0150). */
class UnixListenerTest {
  @TempDir Path dir;

  @Test
  void aLiveSocketIsRefusedAndAStaleOneReplaced() throws Exception {
    Path sock = dir.resolve("run/berth.sock");
    try (UnixListener first = UnixListener.bind(sock)) {
      assertThatThrownBy(() -> UnixListener.bind(sock)).isInstanceOf(IOException.class)
          .hasMessage("listen unix " + sock + ": bind: address already in use"
              + " (a running daemon listens on it)");
      assertThat(sock).exists();
    }
    // a crashed daemon's socket file: nobody answers on it
    ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    crashed.bind(UnixDomainSocketAddress.of(sock));
    crashed.close();
    assertThat(Files.exists(sock)).isTrue();
    try (UnixListener again = UnixListener.bind(sock)) {
      assertThat(again.path()).isEqualTo(sock);
    }
  }
}
