package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import io.berth.distribution.BlobEndpoint;
import io.berth.distribution.RegistrySession;
import io.berth.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Downloads blobs into the content store: at most {@code maxConcurrent} at a time, each blob
 * once however many pulls want it at the same moment (later ones wait for the first), each
 * verified (size and digest) while it streams. An interrupted download leaves its bytes in a
 * resumable ingest, and the next attempt asks only for the rest ({@code Range}).
 */
final class BlobDownloads {
  private final ContentStore content;
  private final Semaphore slots;
  private final Map<Digest, CompletableFuture<BlobInfo>> inflight = new ConcurrentHashMap<>();

  /** A download: its result, and a tap for reading it as it arrives (null when not ours). */
  record Download(CompletableFuture<BlobInfo> done, Tap tap) {}

  final PullStats stats = new PullStats();

  BlobDownloads(ContentStore content, int maxConcurrent) {
    this.content = content;
    this.slots = new Semaphore(maxConcurrent, true);
  }

  /**
   * The blob, downloaded unless it is in the store already. {@code progress} hears about this
   * download only when this call started it; a pull that joins another's download waits.
   */
  Download fetch(RegistrySession session, Descriptor d, String id, Progress progress) {
    Digest digest = Digest.parse(d.digest());
    if (content.exists(digest)) {
      return new Download(CompletableFuture.completedFuture(content.info(digest)), null);
    }
    CompletableFuture<BlobInfo> mine = new CompletableFuture<>();
    CompletableFuture<BlobInfo> running = inflight.putIfAbsent(digest, mine);
    if (running != null) {
      return new Download(running, null);
    }
    Tap tap = new Tap();
    Thread.ofVirtual().name("pull-" + digest.shortHex()).start(() -> {
      try {
        mine.complete(download(session, d, digest, id, progress, tap));
        tap.finish(null);
      } catch (Throwable t) {
        tap.finish(t);
        mine.completeExceptionally(t);
      } finally {
        inflight.remove(digest, mine);
      }
    });
    return new Download(mine, tap);
  }

  private BlobInfo download(RegistrySession session, Descriptor d, Digest digest, String id,
      Progress progress, Tap tap) throws InterruptedException {
    if (!slots.tryAcquire()) {
      progress.status(id, "Waiting");
      slots.acquire();
    }
    try {
      if (content.exists(digest)) {
        return content.info(digest);
      }
      try (BlobWriter w = content.resumableWriter("pull-" + digest, d.size(), digest)) {
        tap.open(w.file(), w.written()); // a resumed ingest's first bytes are the blob's too
        if (w.written() < d.size() || d.size() < 0) {
          long from = w.written();
          long t0 = System.nanoTime();
          try {
            copy(session, digest, d.size(), w, id, progress, tap);
          } finally {
            stats.add(Math.max(0, w.written() - from), System.nanoTime() - t0);
          }
        }
        progress.status(id, "Verifying Checksum");
        try {
          BlobInfo info = w.commit();
          progress.status(id, "Download complete");
          return info;
        } catch (BerthException.InvalidArgument e) {
          throw BerthException.invalid("filesystem layer verification failed for digest "
              + digest);
        }
      } catch (IOException e) {
        throw BerthException.internal("close ingest of " + digest, e);
      }
    } finally {
      slots.release();
    }
  }

  private static void copy(RegistrySession session, Digest digest, long size, BlobWriter w,
      String id, Progress progress, Tap tap) throws InterruptedException {
    BlobEndpoint.Opened o = new BlobEndpoint(session).open(digest, w.written());
    if (o.offset() == 0 && w.written() > 0) {
      tap.drop(); // a reader may have read the old bytes: it reads the committed blob instead
      w.truncate();
    }
    long lastReport = 0;
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = o.body()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        w.write(buf, 0, n);
        tap.wrote(w.written());
        long now = System.nanoTime();
        if (now - lastReport > 100_000_000L) {
          progress.update(id, "Downloading", w.written(), size);
          lastReport = now;
        }
      }
    } catch (IOException e) {
      throw new BerthException.Unavailable("failed to download " + digest + " after "
          + w.written() + " bytes: " + Messages.of(e), e);
    }
    progress.update(id, "Downloading", w.written(), size);
    if (size >= 0 && w.written() < size) {
      // kept in the ingest: the next pull continues from here
      throw new BerthException.Unavailable("failed to download " + digest
          + ": unexpected EOF after " + w.written() + " of " + size + " bytes", null);
    }
  }
}
