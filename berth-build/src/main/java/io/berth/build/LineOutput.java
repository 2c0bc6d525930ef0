package io.berth.build;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A RUN step's output as {@code stream} messages, one per line (the rest at close), each
 * between {@code prefix} and {@code suffix} (stderr's colour codes, as dockerd sends them).
 */
final class LineOutput extends OutputStream {
  private final BuildOutput out;
  private final String prefix;
  private final String suffix;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineOutput(BuildOutput out, String prefix, String suffix) {
    this.out = out;
    this.prefix = prefix;
    this.suffix = suffix;
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
      out.stream(prefix + line.toString(StandardCharsets.UTF_8) + suffix);
      line.reset();
    }
  }
}
