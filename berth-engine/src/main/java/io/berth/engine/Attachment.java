package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.DetachSequence;
import io.berth.common.StdStream;
import io.berth.runtime.AttachStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attached client of a container or exec process. {@link #run} copies the client's bytes to
 * the process's stdin on a second thread and the process's output to the sink until the output
 * ends. When the client half-closes, the process's stdin is closed if {@code stdinOnce} (as
 * {@code docker run -i} without {@code -t} needs for {@code echo x | docker run -i cat}).
 * The detach sequence is looked for only with a terminal, as moby's {@code copyEscapable}:
 * piped binary stdin is passed on as it is, whatever bytes it holds.
 */
public final class Attachment {
  private static final Logger LOG = Logger.getLogger(Attachment.class.getName());
  private static final java.time.Duration CLIENT_CLOSE_WAIT = java.time.Duration.ofSeconds(2);

  private final CompletableFuture<AttachStream> stream;
  private final boolean tty;
  private final boolean stdin;
  private final boolean stdout;
  private final boolean stderr;
  private final boolean stdinOnce;
  private final Runnable onCancel;
  private final Runnable afterOutput;
  private volatile byte[] detachKeys = DetachSequence.DEFAULT;
  private volatile boolean detached;

  /**
   * @param onCancel drops the attach if it still waits for a start
   * @param afterOutput runs when the output has ended, before {@link #run} returns (exec waits
   *     there for its exit code, which the client asks for next)
   */
  Attachment(CompletableFuture<AttachStream> stream, boolean tty, boolean stdin, boolean stdout,
      boolean stderr, boolean stdinOnce, Runnable onCancel, Runnable afterOutput) {
    this.stream = stream;
    this.tty = tty;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdinOnce = stdinOnce;
    this.onCancel = onCancel;
    this.afterOutput = afterOutput;
  }

  /**
   * Sets the client's detach sequence ({@code detachKeys}, Docker's {@code ctrl-p,ctrl-q}
   * form; null or empty keeps the default); 400 when it cannot be parsed.
   */
  public Attachment detachKeys(String spec) {
    this.detachKeys = DetachSequence.parse(spec).orElseThrow(() ->
        BerthException.invalid("Invalid detach keys (" + spec + ") provided"));
    return this;
  }

  /** True when the client left with its detach sequence (the process goes on). */
  public boolean detached() {
    return detached;
  }

  /** True when the process has a terminal: output is raw, without stdcopy frames. */
  public boolean tty() {
    return tty;
  }

  /**
   * Pumps until the process's output ends (or the client goes away). Blocks first until the
   * container starts when it has not yet.
   */
  public void run(InputStream clientIn, OutputSink sink) throws IOException {
    AttachStream s;
    try {
      s = stream.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      onCancel.run();
      throw new InterruptedIOException("attach interrupted");
    } catch (ExecutionException e) {
      return; // the start failed or the container went away: nothing to stream
    }
    try (s) {
      Thread input = null;
      if (stdin && clientIn != null) {
        input = Thread.ofVirtual().name("attach-stdin").start(() -> copyStdin(clientIn, s));
      }
      try {
        for (AttachStream.Frame f = next(s); f != null; f = next(s)) {
          if (f.stream() == StdStream.STDERR && !tty ? stderr : stdout) {
            sink.write(f.stream(), f.data());
            sink.flush();
          }
        }
        if (!detached) {
          afterOutput.run();
          sink.end();
          awaitClient(input);
        }
      } finally {
        // Only now: interrupting a thread blocked in a channel read closes the channel, so the
        // client would see the end of the stream before the exit code is in (docker-java keeps
        // stdin open and asks for the exec's exit code as soon as the output ends).
        if (input != null) {
          input.interrupt();
        }
      }
    }
  }

  /**
   * The next output chunk, null at the end. A monitor that exits with client input still
   * unread resets the connection (AF_UNIX gives ECONNRESET then): that too is the end of the
   * output, not a failure of the attach.
   */
  private static AttachStream.Frame next(AttachStream s) throws IOException {
    try {
      return s.read();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      LOG.log(Level.FINE, "attach output ended", e);
      return null;
    }
  }

  /**
   * Gives a client that was told the output ended a moment to close its side, so that its
   * unread input does not turn the close into a reset.
   */
  private static void awaitClient(Thread input) throws InterruptedIOException {
    if (input == null) {
      return;
    }
    try {
      input.join(CLIENT_CLOSE_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("attach interrupted");
    }
  }

  /** Closes the attach if it still waits for a start. */
  public void cancel() {
    stream.cancel(false);
    onCancel.run();
  }

  /**
   * Copies the client's input to the process until the client half-closes. Once the process's
   * stdin is gone (it exited) the input is still read and dropped: closing a socket with unread
   * input resets it, and a client that had not yet read the end of the output (the docker CLI
   * with {@code -it}) would see {@code connection reset by peer} instead of its exit code.
   */
  private void copyStdin(InputStream in, AttachStream s) {
    OutputStream out = s.stdin();
    byte[] buf = new byte[32 * 1024];
    DetachSequence escape = new DetachSequence(detachKeys);
    java.io.ByteArrayOutputStream pass = new java.io.ByteArrayOutputStream();
    boolean open = true;
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (!open) {
          continue;
        }
        boolean detach = false;
        try {
          if (tty) {
            pass.reset();
            detach = escape.feed(buf, n, pass);
            pass.writeTo(out);
          } else {
            out.write(buf, 0, n);
          }
          out.flush();
        } catch (IOException e) {
          LOG.log(Level.FINE, "process stdin closed", e);
          open = false;
        }
        if (detach) {
          // the client leaves, the process goes on: stop the output pump, keep stdin open
          detached = true;
          s.close();
          return;
        }
      }
      if (stdinOnce && open) {
        out.close();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "attach stdin ended", e);
    }
  }
}
