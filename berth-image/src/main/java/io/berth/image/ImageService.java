package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.ContentStore;
import io.berth.distribution.AuthConfig;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryConfig;
import io.berth.snapshot.DiffApplier;
import io.berth.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The image facade the API server talks to. Each operation family lives in its own class
 * (loader, saver, importer, remover, pruner, queries, tagger); this class wires them and runs
 * every operation under one lock, so that garbage collection never races an unpack. A failed
 * load or import is followed by a collection, so it leaves no unreferenced snapshot or blob.
 */
public final class ImageService {
  private final ReentrantLock lock = new ReentrantLock(true);
  private final ImageStore store;
  private final ImageGc gc;
  private final ImageQueries queries;
  private final ImageTagger tagger;
  private final ImageRemover remover;
  private final ImagePruner pruner;
  private final ImageLoader loader;
  private final ImageSaver saver;
  private final ImageImporter importer;
  private final ImageCommitter committer;
  private final ImageEventLog events;
  private final ImageLookup lookup;
  private final RegistryClient registry;
  private final Puller puller;
  private final Pusher pusher;

  /**
   * @param root the daemon's {@code --root}; image records go to {@code <root>/image/}
   * @param content the blob store that holds configs and layer blobs
   * @param snapshots where layers are unpacked, keyed by chain ID
   * @param applier applies layer tars into active snapshots
   */
  public ImageService(Path root, ContentStore content, Snapshotter snapshots,
      DiffApplier applier) {
    this(root, content, snapshots, applier, new RegistryClient(RegistryConfig.defaults()));
  }

  /** @param registry how to reach registries (daemon.json's mirrors, insecure registries) */
  public ImageService(Path root, ContentStore content, Snapshotter snapshots,
      DiffApplier applier, RegistryClient registry) {
    Path tmp = root.resolve("image").resolve("tmp");
    deleteTree(tmp);
    this.store = new ImageStore(root);
    this.lookup = new ImageLookup(store);
    Unpacker unpacker = new Unpacker(content, snapshots, applier);
    this.gc = new ImageGc(store, content, snapshots);
    this.queries = new ImageQueries(content, store, lookup);
    this.tagger = new ImageTagger(store, lookup);
    this.events = new ImageEventLog(store, queries);
    this.remover = new ImageRemover(store, lookup, gc, events);
    this.pruner = new ImagePruner(store, remover, queries);
    this.loader = new ImageLoader(content, store, unpacker, tagger);
    this.saver = new ImageSaver(content, store, lookup);
    this.importer = new ImageImporter(content, store, unpacker, tagger);
    this.committer = new ImageCommitter(content, store, queries, unpacker);
    this.registry = registry;
    this.puller = new Puller(content, store, unpacker, tagger, gc, registry, lock, 3);
    this.pusher = new Pusher(content, store, registry, 5);
  }

  /**
   * {@code docker pull}. Downloads run without the image lock (several pulls at once share
   * blobs they both need); unpacking and naming take it step by step.
   */
  public Digest pull(Puller.Request request, Progress progress) {
    Digest id = puller.pull(request, progress);
    events.logReference("pull", request.ref().digest() != null ? request.ref()
        : request.ref().withDefaultTag());
    return id;
  }

  /** {@code docker push} of {@code name} ({@code tag} overrides its tag); the manifest digest. */
  /** Bytes the pulls read from registries, and the time they took. */
  public PullStats pullStats() {
    return puller.stats();
  }

  public Digest push(String name, String tag, AuthConfig auth, Progress progress) {
    Reference ref = Reference.parse(name);
    if (tag != null && !tag.isEmpty()) {
      ref = ref.withTag(tag);
    }
    Digest digest = pusher.push(ref.withDefaultTag(), auth, progress);
    events.logReference("push", ref.withDefaultTag());
    return digest;
  }

  /** Sends image events ({@code tag}, {@code untag}, {@code delete}, …) to {@code sink}. */
  public void setEvents(ImageEvents sink) {
    events.setSink(sink);
  }

  /** {@code docker login}: checks the credentials with the registry. */
  public void login(AuthConfig auth) {
    registry.login(auth.serverAddress(), auth);
  }

  /** {@code GET /distribution/{name}/json}: the registry's descriptor and platforms. */
  public DistributionInspector.Result distribution(String name, AuthConfig auth) {
    return new DistributionInspector(registry).inspect(Reference.parse(name), auth);
  }

  /**
   * Tells rmi and prune which containers use which image; until called no image is in use.
   * berthd's wiring registers the container engine here, before it reconciles.
   */
  public void setImageUsers(ImageUsers users) {
    remover.setUsers(users);
  }

  /** Images for {@code GET /images/json}; unknown filters are {@code Invalid filter 'x'}. */
  public List<ImageView> list(boolean all, Map<String, List<String>> filters) {
    return locked(() -> queries.list(all, filters));
  }

  /** One image by name or ID; {@code No such image: <familiar>} when absent. */
  public ImageView inspect(String name) {
    return locked(() -> queries.inspect(name));
  }

  public List<HistoryEntry> history(String name) {
    return locked(() -> queries.history(name));
  }

  /** The image's config blob, byte for byte. */
  public byte[] configBytes(Digest id) {
    return locked(() -> queries.configBytes(id));
  }

  /** Names {@code source} as {@code repo[:tag]}. */
  public void tag(String source, String repo, String tag) {
    locked(() -> {
      Reference ref = tagger.tag(source, repo, tag);
      events.log("tag", lookup.find(ref.familiar()).id(), ref.familiar());
      return null;
    });
  }

  /** {@code docker rmi}: the Untagged and Deleted lines, in Docker's order. */
  public List<ImageRemover.Deleted> remove(String name, boolean force, boolean noPrune) {
    return locked(() -> remover.remove(name, force, !noPrune));
  }

  public PruneReport prune(Map<String, List<String>> filters) {
    return locked(() -> {
      PruneReport report = pruner.prune(filters);
      events.sink().publish("prune", "", Map.of("reclaimed",
          Long.toString(report.spaceReclaimed())));
      return report;
    });
  }

  /** {@code docker load}; {@code out} gets each message line without its newline. */
  public void load(InputStream archive, Consumer<String> out) {
    try (ArchiveSpool spool = loader.spool(archive)) {
      locked(() -> {
        try {
          loader.load(spool, out).forEach(id -> events.log("load", id, null));
        } catch (RuntimeException e) {
          gc.collect();
          throw e;
        }
        return null;
      });
    }
  }

  /** Resolves what {@code docker save} would write; NotFound before anything is sent. */
  public ImageSaver.Plan planSave(List<String> names) {
    return locked(() -> saver.plan(names));
  }

  /**
   * Writes the archive of a plan. Streaming runs without the lock: the client may pipe it into
   * a load on this same daemon ({@code docker save x | docker load}), and blobs are immutable
   * files; a blob removed by a concurrent rmi fails the save with NotFound.
   */
  public void save(ImageSaver.Plan plan, OutputStream out) {
    try {
      saver.write(plan, out);
      plan.images().forEach(r -> events.log("save", r.id(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code docker import}; returns the new image's ID. */
  public Digest importImage(InputStream rootfs, ImageImporter.Request request) {
    return locked(() -> {
      try {
        Digest id = importer.importImage(rootfs, request);
        Reference ref = ImageImporter.reference(request);
        if (ref != null) {
          events.log("tag", id, ref.familiar());
        }
        events.log("import", id, null);
        return id;
      } catch (RuntimeException e) {
        gc.collect();
        throw e;
      }
    });
  }

  /** A child image of a parent (build steps, {@code docker commit}); returns its ID. */
  public Digest commit(ImageCommitter.Commit commit) {
    return locked(() -> committer.commit(commit));
  }

  /** True when an image with this ID exists. */
  public boolean exists(Digest id) {
    return store.get(id).isPresent();
  }

  public DiskUsage diskUsage() {
    return locked(queries::diskUsage);
  }

  /** Removes snapshots and blobs no image uses. */
  public ImageGc.Collected collectGarbage() {
    return locked(gc::collect);
  }

  private <T> T locked(Supplier<T> op) {
    lock.lock();
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw BerthException.internal("clean " + dir, e);
    }
  }
}
