package io.berth.image;

import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of one download as they arrive, for an unpacker that reads them while the download
 * runs instead of reading the blob back once it is committed. The reader follows the ingest
 * file itself (ADR 0149): the download tells how far it has written, the reader reads up to
 * there through a descriptor of its own (the page cache serves it) and waits for more. So the
 * download never waits for the reader and nothing is copied onto the heap, whether the reader
 * attaches at once or only after the layer below is unpacked. A download that starts over from
 * byte 0 drops the tap; the unpacker then reads the committed blob.
 */
final class Tap {
  private FileChannel file;
  private long available;
  private boolean attached;
  private boolean dropped;
  private boolean done;
  private Throwable failure;

  /**
   * The download's ingest file, with {@code written} bytes in it already (a resumed ingest's
   * first bytes count: they are the blob's). The tap opens it now, so a commit's rename later
   * does not matter to the reader.
   */
  synchronized void open(Path ingest, long written) {
    if (ingest == null) {
      drop();
      return;
    }
    try {
      file = FileChannel.open(ingest, StandardOpenOption.READ);
      available = written;
    } catch (IOException e) {
      drop();
    }
    notifyAll();
  }

  /** Called by the download after each write: {@code total} bytes are in the ingest file. */
  synchronized void wrote(long total) {
    available = total;
    notifyAll();
  }

  /** The download ended: {@code t} null when all bytes were written. */
  synchronized void finish(Throwable t) {
    done = true;
    failure = t;
    if (file == null) {
      dropped = true; // no byte went through it (the blob was in the store, or no slot)
    }
    notifyAll();
  }

  /** The download restarted from byte 0: the stream is no good to a reader. */
  synchronized void drop() {
    dropped = true;
    notifyAll();
    if (!attached) {
      closeFile();
    }
  }

  synchronized boolean dropped() {
    return dropped;
  }

  /** The unpacker will not read (or has read): the file is closed unless a reader holds it. */
  synchronized void release() {
    if (!attached) {
      closeFile();
      dropped = true;
    }
  }

  /** A stream of the whole blob from its first byte, or null when the tap was dropped. */
  synchronized InputStream attach() {
    if (dropped || attached) {
      return null;
    }
    attached = true;
    return new InputStream() {
      private long pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        FileChannel ch;
        long until;
        synchronized (Tap.this) {
          until = awaitBytes(pos);
          if (until < 0) {
            return -1;
          }
          ch = file;
        }
        int n = ch.read(ByteBuffer.wrap(b, off, (int) Math.min(len, until - pos)), pos);
        if (n < 0) {
          throw new IOException("ingest file ended at " + pos + " of " + until + " bytes");
        }
        pos += n;
        return n;
      }

      @Override
      public void close() {
        synchronized (Tap.this) {
          closeFile();
        }
      }
    };
  }

  /** How far the file is written once it is past {@code pos}; -1 at the blob's end. */
  private long awaitBytes(long pos) throws IOException {
    while (file == null || available <= pos) {
      if (dropped) {
        throw new IOException("download restarted");
      }
      if (done) {
        if (failure != null) {
          throw new IOException("download failed: " + Messages.of(failure), failure);
        }
        return -1;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (dropped) {
      throw new IOException("download restarted");
    }
    return available;
  }

  private void closeFile() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // a read-only descriptor: nothing to lose
      }
    }
  }
}
