package io.berth.image;

import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The bytes of one download as they arrive, for an unpacker that wants to read them while the
 * download runs instead of reading the blob back from disk afterwards. Before a reader attaches,
 * up to {@code limit} bytes are held; past that the tap is dropped (the layer below is still
 * unpacking, so this one is unpacked from the store later). Once a reader is attached, the
 * download waits for it when the buffer is full, so memory stays bounded either way.
 */
final class Tap {
  private final long limit;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private long buffered;
  private boolean attached;
  private boolean dropped;
  private boolean done;
  private Throwable failure;

  Tap(long limit) {
    this.limit = limit;
  }

  /** Called by the download for each chunk it wrote to the ingest. */
  synchronized void offer(byte[] b, int off, int len) throws InterruptedException {
    if (dropped) {
      return;
    }
    while (attached && buffered + len > limit && !dropped) {
      wait();
    }
    if (!attached && buffered + len > limit) {
      drop();
      return;
    }
    byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
    chunks.add(copy);
    buffered += len;
    notifyAll();
  }

  /** The download ended: {@code t} null when all bytes were offered. */
  synchronized void finish(Throwable t) {
    done = true;
    failure = t;
    notifyAll();
  }

  /** The download restarted from byte 0 or resumed: the stream is no good to a reader. */
  synchronized void drop() {
    dropped = true;
    chunks.clear();
    buffered = 0;
    notifyAll();
  }

  synchronized boolean dropped() {
    return dropped;
  }

  /** A stream of the whole blob from its first byte, or null when the tap was dropped. */
  synchronized InputStream attach() {
    if (dropped || attached) {
      return null;
    }
    attached = true;
    return new InputStream() {
      private byte[] current;
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (current == null || pos == current.length) {
          current = next();
          pos = 0;
          if (current == null) {
            return -1;
          }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void close() {
        synchronized (Tap.this) {
          if (!done) {
            drop(); // the reader gave up: do not make the download wait for it
          }
        }
      }
    };
  }

  private synchronized byte[] next() throws IOException {
    while (chunks.isEmpty()) {
      if (dropped) {
        throw new IOException("download restarted");
      }
      if (done) {
        if (failure != null) {
          throw new IOException("download failed: " + Messages.of(failure), failure);
        }
        return null;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    byte[] c = chunks.poll();
    buffered -= c.length;
    notifyAll();
    return c;
  }
}
