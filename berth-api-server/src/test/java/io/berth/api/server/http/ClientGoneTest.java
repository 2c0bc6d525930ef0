package io.berth.api.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ClientGoneTest {
  @Test
  void aClosedPeerIsNotAServerError() {
    assertThat(HttpServer.clientGone(new IOException("Broken pipe"))).isTrue();
    assertThat(HttpServer.clientGone(new UncheckedIOException(
        new IOException("Connection reset by peer")))).isTrue();
  }

  @Test
  void otherFailuresAre() {
    assertThat(HttpServer.clientGone(new IOException("No space left on device"))).isFalse();
    assertThat(HttpServer.clientGone(new IllegalStateException("Broken pipe"))).isFalse();
    assertThat(HttpServer.clientGone(new IOException((String) null))).isFalse();
  }
}
