package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.common.Phases;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import io.berth.distribution.AuthConfig;
import io.berth.distribution.ManifestEndpoint;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistrySession;
import io.berth.image.Unpacker.Unpacked;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageIndex;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import io.berth.oci.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * {@code docker pull}: resolves the manifest (through mirrors, then the origin), picks the
 * platform from an index, fetches the layers the image store lacks in parallel and unpacks each
 * as soon as the layers below it are there, reading it as it downloads when it can, then names
 * the image. Only the final record runs under the image lock; what a pull has made but not yet
 * recorded (blobs, snapshots, the active extract snapshot) is pinned against garbage
 * collection.
 */
public final class Puller {
  private final ContentStore content;
  private final ImageStore store;
  private final Unpacker unpacker;
  private final ImageTagger tagger;
  private final ImageGc gc;
  private final RegistryClient registry;
  private final BlobDownloads downloads;
  private final Lock lock;
  private final java.util.Map<Digest, java.util.concurrent.locks.ReentrantLock> chainLocks =
      new java.util.concurrent.ConcurrentHashMap<>();

  Puller(ContentStore content, ImageStore store, Unpacker unpacker, ImageTagger tagger,
      ImageGc gc, RegistryClient registry, Lock lock, int maxConcurrentDownloads) {
    this.content = content;
    this.store = store;
    this.unpacker = unpacker;
    this.tagger = tagger;
    this.gc = gc;
    this.registry = registry;
    this.lock = lock;
    this.downloads = new BlobDownloads(content, maxConcurrentDownloads);
  }

  PullStats stats() {
    return downloads.stats;
  }

  /** What to pull: a reference (tag or digest), credentials, and {@code --platform}. */
  public record Request(Reference ref, AuthConfig auth, String platform) {}

  /** The resolved manifest and where it came from. */
  private record Resolved(RegistrySession session, ManifestEndpoint.Fetched top,
      ImageManifest manifest, Digest manifestDigest) {}

  /** Pulls and returns the image ID. */
  public Digest pull(Request req, Progress progress) {
    Reference ref = req.ref().withDefaultTag();
    String tagOrDigest = ref.digest() != null ? ref.digest() : ref.tag();
    Phases t = Phases.start("pull " + ref.familiar());
    Resolved r = resolve(ref, req.auth(), Platforms.parse(req.platform()));
    t.mark("resolve");
    // after resolving: a missing tag or bad credentials is then a plain error response
    progress.status(tagOrDigest, "Pulling from " + ref.path());
    List<Object> pins = new ArrayList<>();
    try {
      Digest id = Digest.parse(r.manifest().config().digest());
      // Docker's tagUpdated: "up to date" only when this very name already meant this image
      boolean existed = store.get(id).isPresent()
          && store.resolve(ref.digest() != null ? ref : ref.withTag(ref.tag()))
              .map(id::equals).orElse(false);
      pin(pins, r.top().digest());
      put(r.top().bytes(), r.top().digest());
      if (!r.manifestDigest().equals(r.top().digest())) {
        pin(pins, r.manifestDigest());
      }
      pin(pins, id);
      BlobInfo configBlob = downloads.fetch(r.session(), r.manifest().config(), "config",
          Progress.NONE).done().join();
      ImageConfig config = ImageConfig.parse(read(configBlob.digest()));
      t.mark("config");
      List<ImageRecord.Layer> layers = layers(r, config, progress, pins);
      t.mark("layers");
      locked(() -> {
        ImageRecord previous = store.get(id).orElse(null);
        store.put(new ImageRecord(id, layers, config.created(),
            previous == null ? null : previous.parent(), r.manifestDigest(),
            previous == null ? null : previous.lastTagTime()));
        if (ref.tag() != null) {
          tagger.attach(ref.withTag(ref.tag()), id, m -> { });
        }
        store.setRef(ref.withDigest(r.top().digest().toString()), id);
        return null;
      });
      t.mark("record");
      t.done();
      progress.message("Digest: " + r.top().digest());
      progress.message("Status: " + (existed ? "Image is up to date for "
          : "Downloaded newer image for ") + ref.familiar());
      return id;
    } catch (java.util.concurrent.CompletionException e) {
      throw unwrap(e);
    } finally {
      pins.forEach(gc::unpin);
    }
  }

  private Resolved resolve(Reference ref, AuthConfig auth, Platform platform) {
    String tagOrDigest = ref.digest() != null ? ref.digest() : ref.tag();
    List<RegistrySession> sessions = registry.pullSessions(ref.domain(), ref.path(), auth);
    for (int i = 0; i < sessions.size(); i++) {
      RegistrySession s = sessions.get(i);
      boolean last = i == sessions.size() - 1;
      try {
        ManifestEndpoint m = new ManifestEndpoint(s);
        ManifestEndpoint.Fetched top = m.get(tagOrDigest);
        if (MediaTypes.isIndex(top.mediaType())) {
          ImageIndex index = OciJson.read(top.bytes(), ImageIndex.class, "index");
          Descriptor chosen = Platforms.select(index, platform);
          ManifestEndpoint.Fetched one = m.get(chosen.digest());
          put(one.bytes(), one.digest());
          return new Resolved(s, top, OciJson.read(one.bytes(), ImageManifest.class,
              "manifest"), one.digest());
        }
        if (!MediaTypes.isManifest(top.mediaType()) && !top.mediaType().isEmpty()
            && !top.mediaType().endsWith("json")) {
          throw BerthException.invalid("unsupported manifest media type " + top.mediaType());
        }
        ImageManifest manifest = OciJson.read(top.bytes(), ImageManifest.class, "manifest");
        if (manifest.config() == null || manifest.layers() == null) {
          throw BerthException.invalid("unsupported manifest (schema 1?) for " + ref.familiar());
        }
        return new Resolved(s, top, manifest, top.digest());
      } catch (BerthException.NotFound e) {
        if (last) {
          throw ref.digest() == null && e.getMessage().contains("manifest unknown")
              ? BerthException.notFound("manifest for " + ref.familiar() + " not found: "
                  + Messages.of(e).substring(e.getMessage().indexOf("\": ") + 3))
              : e;
        }
      } catch (BerthException.Unavailable | BerthException.Internal e) {
        if (last) {
          // dockerd answers an unreachable registry with 500, not 503
          throw e instanceof BerthException.Unavailable
              ? BerthException.internal(e.getMessage(), e) : e;
        }
        // a mirror that is down or broken: try the next endpoint
      }
    }
    throw new IllegalStateException("no endpoint");
  }

  private List<ImageRecord.Layer> layers(Resolved r, ImageConfig config, Progress progress,
      List<Object> pins) {
    List<Descriptor> ds = r.manifest().layers();
    List<String> diffIds = config.diffIds();
    if (diffIds.size() != ds.size()) {
      throw BerthException.invalid("invalid manifest, layers length mismatch: expected "
          + diffIds.size() + ", got " + ds.size());
    }
    List<BlobDownloads.Download> fetches = new ArrayList<>();
    Digest parent = null;
    boolean[] present = new boolean[ds.size()];
    for (int i = 0; i < ds.size(); i++) {
      Descriptor d = ds.get(i);
      String id = Digest.parse(d.digest()).shortHex();
      Digest chain = ChainIds.next(parent, Digest.parse(diffIds.get(i)));
      pin(pins, chain);
      pin(pins, Digest.parse(d.digest()));
      present[i] = unpacker.exists(chain);
      if (present[i]) {
        progress.status(id, "Already exists");
        fetches.add(null);
      } else {
        progress.status(id, "Pulling fs layer");
        fetches.add(downloads.fetch(r.session(), d, id, progress));
      }
      parent = chain;
    }
    // every missing layer is applied beside the others as its bytes arrive, and stacked on
    // the one below once that one is (ADR 0149)
    List<CompletableFuture<Unpacker.Unpacked>> unpacked = new ArrayList<>();
    CompletableFuture<?> below = CompletableFuture.completedFuture(null);
    parent = null;
    for (int i = 0; i < ds.size(); i++) {
      Descriptor d = ds.get(i);
      Digest diffId = Digest.parse(diffIds.get(i));
      CompletableFuture<Unpacked> f = new CompletableFuture<>();
      if (present[i]) {
        f.complete(new Unpacked(diffId, ChainIds.next(parent, diffId), -1));
      } else {
        BlobDownloads.Download download = fetches.get(i);
        Digest under = parent;
        CompletableFuture<?> stackedBelow = below;
        Thread.ofVirtual().name("unpack-" + Digest.parse(d.digest()).shortHex()).start(() -> {
          try {
            f.complete(unpack(download, d, under, diffId, stackedBelow, progress));
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
      }
      unpacked.add(f);
      below = f;
      parent = ChainIds.next(parent, diffId);
    }
    List<ImageRecord.Layer> out = new ArrayList<>();
    RuntimeException failed = null;
    for (int i = 0; i < ds.size(); i++) {
      Descriptor d = ds.get(i);
      try {
        Unpacked u = unpacked.get(i).join();
        long size = u.size() >= 0 ? u.size() : knownSize(u.chainId());
        out.add(new ImageRecord.Layer(u.diffId(), u.chainId(), Digest.parse(d.digest()),
            d.mediaType(), d.size(), size));
      } catch (java.util.concurrent.CompletionException e) {
        failed = failed == null ? unwrap(e) : failed; // the lowest layer's error explains best
      }
    }
    if (failed != null) {
      throw failed;
    }
    return out;
  }

  /**
   * Unpacks one layer: applied straight from its download when the download's tap is still
   * whole (one pass: network → ingest file and → gunzip → tar → snapshot), else from the
   * content store once the download is committed; then stacked on the layer below once that
   * one is stacked and this download is verified. Runs without the image lock; the active
   * snapshot is pinned. One layer is unpacked by one pull at a time: two pulls sharing it wait
   * for each other (a lock per chain, taken bottom-up within a pull, so no cycle).
   */
  private Unpacked unpack(BlobDownloads.Download download, Descriptor d, Digest parent,
      Digest diffId, CompletableFuture<?> below, Progress progress) {
    Digest blob = Digest.parse(d.digest());
    String id = blob.shortHex();
    Digest chain = ChainIds.next(parent, diffId);
    Phases t = Phases.start("pull layer " + id + " (" + d.size() + " bytes)");
    java.util.concurrent.locks.ReentrantLock chainLock = chainLocks.computeIfAbsent(chain,
        c -> new java.util.concurrent.locks.ReentrantLock());
    String key = "extract-" + java.util.UUID.randomUUID();
    gc.pin(key);
    chainLock.lock();
    try {
      t.mark("lock");
      if (unpacker.exists(chain)) {
        await(download.done());
        await(below);
        return new Unpacked(diffId, chain, -1);
      }
      progress.update(id, "Extracting", 0, d.size());
      Unpacker.Applied a = apply(download, blob, diffId, key);
      t.mark("apply");
      try {
        await(download.done());
        t.mark("download-after");
        await(below);
        t.mark("below");
      } catch (RuntimeException e) {
        unpacker.discard(a);
        throw e;
      }
      Unpacked u = unpacker.stack(a, parent);
      t.mark("stack");
      progress.update(id, "Extracting", d.size(), d.size());
      progress.status(id, "Pull complete");
      return u;
    } finally {
      if (download.tap() != null) {
        download.tap().release();
      }
      chainLock.unlock();
      gc.unpin(key);
      t.done();
    }
  }

  private Unpacker.Applied apply(BlobDownloads.Download download, Digest blob, Digest diffId,
      String key) {
    java.io.InputStream live = download.tap() == null ? null : download.tap().attach();
    if (live != null) {
      try {
        return unpacker.apply(() -> live, blob, diffId, key);
      } catch (RuntimeException e) {
        await(download.done()); // a failed download explains a failed unpack best
        if (!download.tap().dropped()) {
          throw e;
        }
        // the download resumed an earlier ingest: its first bytes never passed the tap
      }
    }
    await(download.done());
    return unpacker.apply(() -> content.open(blob), blob, diffId, key);
  }

  private static void await(CompletableFuture<?> f) {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException.Unavailable("interrupted", e);
    }
  }

  private long knownSize(Digest chainId) {
    return store.all().stream().flatMap(r -> r.layers().stream())
        .filter(l -> l.chainId().equals(chainId) && l.size() >= 0)
        .mapToLong(ImageRecord.Layer::size).findFirst().orElse(-1);
  }

  private void pin(List<Object> pins, Object key) {
    gc.pin(key);
    pins.add(key);
  }

  private void put(byte[] bytes, Digest digest) {
    if (content.exists(digest)) {
      return;
    }
    try (BlobWriter w = content.writer("manifest-" + digest, bytes.length, digest)) {
      w.write(bytes);
      w.commit();
    } catch (IOException e) {
      throw BerthException.internal("store manifest " + digest, e);
    }
  }

  private byte[] read(Digest digest) {
    try (var in = content.open(digest)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BerthException.internal("read " + digest, e);
    }
  }

  private <T> T locked(Supplier<T> op) {
    lock.lock();
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable c = e;
    while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof RuntimeException re ? re : BerthException.internal(c.getMessage(), c);
  }
}
