package io.berth.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {
  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes());
  }

  @Test
  void readsTheBoundAndNoMore() throws IOException {
    InputStream src = bytes("hello world");
    BoundedInputStream b = BoundedInputStream.strict(src, 5, () -> new IOException("cut"));
    assertThat(new String(b.readAllBytes())).isEqualTo("hello");
    assertThat(b.remaining()).isZero();
    assertThat(b.read()).isEqualTo(-1);
    assertThat(src.read()).isEqualTo(' ');
  }

  @Test
  void strictThrowsTheCallersErrorWhenTheSourceEndsEarly() {
    BoundedInputStream b = BoundedInputStream.strict(bytes("abc"), 10,
        () -> new IOException("Truncated TAR archive"));
    assertThatThrownBy(b::readAllBytes).hasMessage("Truncated TAR archive");
    BoundedInputStream d = BoundedInputStream.strict(bytes("abc"), 10,
        () -> new IOException("cut"));
    assertThatThrownBy(d::drain).hasMessage("cut");
  }

  @Test
  void owningEndsQuietlyAndClosesTheSource() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream src = new ByteArrayInputStream("abc".getBytes()) {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    BoundedInputStream b = BoundedInputStream.owning(src, 10);
    assertThat(new String(b.readAllBytes())).isEqualTo("abc");
    assertThat(b.remaining()).isEqualTo(7);
    b.close();
    assertThat(closed).isTrue();
  }

  @Test
  void strictLeavesTheSourceOpenAndDrainSkipsTheRest() throws IOException {
    InputStream src = bytes("0123456789");
    BoundedInputStream b = BoundedInputStream.strict(src, 6, () -> new IOException("cut"));
    assertThat(b.read()).isEqualTo('0');
    b.drain();
    b.close();
    assertThat(b.remaining()).isZero();
    assertThat(src.read()).isEqualTo('6');
  }
}
