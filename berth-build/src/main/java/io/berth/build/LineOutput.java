package io.berth.build;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A RUN step's output as {@code stream} messages, one per line (the rest at close). */
final class LineOutput extends OutputStream {
  private final BuildOutput out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineOutput(BuildOutput out) {
    this.out = out;
  }

  @Override
  public synchronized void write(int b) {
    line.write(b);
    if (b == '\n') {
      flushLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void close() {
    flushLine();
  }

  private void flushLine() {
    if (line.size() > 0) {
      out.stream(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
  }
}
