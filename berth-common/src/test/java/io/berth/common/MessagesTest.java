package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** Tier 1: no exception reads as a Java class name. */
class MessagesTest {
  @Test
  void anExceptionsOwnMessageComesFirst() {
    assertThat(Messages.of(new IllegalStateException("bad state"))).isEqualTo("bad state");
  }

  @Test
  void aBareExceptionReadsAsWhatItsTypeMeans() {
    // java.net.http's shape: ConnectException(null) <- ConnectException(null) <- ClosedChannel
    ConnectException inner = new ConnectException();
    inner.initCause(new ClosedChannelException());
    ConnectException outer = new ConnectException();
    outer.initCause(inner);
    assertThat(Messages.of(outer)).isEqualTo("connection refused");
    assertThat(Messages.of(new EOFException())).isEqualTo("unexpected EOF");
  }

  @Test
  void aWrapperOfACauseAloneSaysTheCausesMessage() {
    UncheckedIOException wrapped = new UncheckedIOException(new EOFException("short read"));
    assertThat(wrapped.getMessage()).isEqualTo("java.io.EOFException: short read");
    assertThat(Messages.of(wrapped)).isEqualTo("short read");
    assertThat(Messages.of(new RuntimeException(new ConnectException())))
        .isEqualTo("connection refused");
  }

  @Test
  void anythingElseIsAnInternalErrorNeverAClassName() {
    for (Throwable t : new Throwable[] {new NullPointerException(), new IllegalStateException(),
        new RuntimeException(new IllegalArgumentException()), new RuntimeException(" ")}) {
      assertThat(Messages.of(t)).as(t.toString()).isEqualTo(Messages.INTERNAL)
          .doesNotContain("Exception");
    }
  }
}
