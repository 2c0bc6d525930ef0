package io.berth.common;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wall time of the steps of one operation (a container's create, start, exit or removal), for
 * the debug log: {@code trace <what> <id>: mount=1.2ms netns=3.4ms ... total=9.9ms}.
 * {@code bench/trace.sh} reads these lines to show where a {@code run --rm} spends its time.
 * Off (no clock reads, no text) unless the logger is at debug.
 */
public final class Phases {
  private static final Logger LOG = Logger.getLogger(Phases.class.getName());
  private static final Phases OFF = new Phases(null, null);

  private final String what;
  private final StringBuilder text;
  private final long t0;
  private long last;

  private Phases(String what, StringBuilder text) {
    this.what = what;
    this.text = text;
    this.t0 = text == null ? 0 : System.nanoTime();
    this.last = t0;
  }

  /** Starts timing {@code what} (e.g. {@code "start 3b5c00f02557"}). */
  public static Phases start(String what) {
    return LOG.isLoggable(Level.FINE) ? new Phases(what, new StringBuilder()) : OFF;
  }

  /** Ends the step that began at the previous mark (or the start) and names it. */
  public void mark(String step) {
    if (text == null) {
      return;
    }
    long now = System.nanoTime();
    text.append(' ').append(step).append('=').append(ms(now - last)).append("ms");
    last = now;
  }

  /** Logs the steps and the total at debug. */
  public void done() {
    if (text == null) {
      return;
    }
    LOG.fine("trace " + what + ":" + text + " total=" + ms(System.nanoTime() - t0) + "ms");
  }

  /** Logs at debug how long a helper process ran ({@code exec ip -batch - 3.1ms}). */
  public static void process(java.util.List<String> argv, long startNanos) {
    if (!LOG.isLoggable(Level.FINE)) {
      return;
    }
    StringBuilder b = new StringBuilder("exec");
    for (int i = 0; i < Math.min(argv.size(), 4); i++) {
      String a = argv.get(i).replace('\n', ' ');
      b.append(' ').append(a.length() > 40 ? a.substring(0, 40) + "..." : a);
    }
    LOG.fine(b + " " + ms(System.nanoTime() - startNanos) + "ms");
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }
}
