package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.ContentStore;
import io.berth.distribution.AuthConfig;
import io.berth.distribution.BlobEndpoint;
import io.berth.distribution.ManifestEndpoint;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistrySession;
import io.berth.distribution.UploadEndpoint;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * {@code docker push}: for each layer and the config, a HEAD says whether the registry has it
 * ({@code Layer already exists}); if another repository of the same registry that names this
 * image is likely to have it, a cross-repository mount is tried ({@code Mounted from x});
 * otherwise it is uploaded. Then the manifest: the one the image was pulled with, byte for
 * byte (so the digest stays the same), or a Docker schema 2 manifest made from the record.
 */
public final class Pusher {
  private final ContentStore content;
  private final ImageStore store;
  private final RegistryClient registry;
  private final Semaphore slots;

  Pusher(ContentStore content, ImageStore store, RegistryClient registry, int maxConcurrent) {
    this.content = content;
    this.store = store;
    this.registry = registry;
    this.slots = new Semaphore(maxConcurrent, true);
  }

  /** Pushes {@code ref} (a tag, default latest) and returns the manifest digest. */
  public Digest push(Reference ref, AuthConfig auth, Progress progress) {
    Reference tagged = ref.withDefaultTag();
    Digest id = store.resolve(tagged).orElseThrow(() -> BerthException.notFound(
        "An image does not exist locally with the tag: " + tagged.familiarName()));
    ImageRecord image = store.get(id).orElseThrow(() -> BerthException.notFound(
        "No such image: " + tagged.familiar()));
    progress.message("The push refers to repository [" + tagged.familiarName() + "]");
    List<String> sources = mountSources(tagged, image);
    List<String> scopes = new ArrayList<>();
    scopes.add("repository:" + tagged.path() + ":pull,push");
    sources.forEach(s -> scopes.add("repository:" + s + ":pull"));
    RegistrySession session = registry.session(tagged.domain(), tagged.path(), auth, scopes);
    List<ImageRecord.Layer> layers = image.layers();
    for (ImageRecord.Layer l : layers.reversed()) {
      progress.status(l.blob().shortHex(), "Preparing");
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Void>> tasks = new ArrayList<>();
      for (ImageRecord.Layer l : layers.reversed()) {
        tasks.add(pool.submit(task(() -> pushBlob(session, l.blob(), l.blobSize(),
            l.blob().shortHex(), sources, progress))));
      }
      for (Future<Void> f : tasks) {
        await(f);
      }
    }
    long configSize = content.info(id).size();
    pushBlob(session, id, configSize, null, sources, Progress.NONE);
    byte[] manifest = manifestBytes(image, configSize);
    String type = mediaType(manifest);
    Digest digest = new ManifestEndpoint(session).put(tagged.tag(), manifest, type);
    progress.message(tagged.tag() + ": digest: " + digest + " size: " + manifest.length);
    progress.pushed(tagged.tag(), digest.toString(), manifest.length);
    store.setRef(tagged.withDigest(digest.toString()), id);
    return digest;
  }

  private Callable<Void> task(Runnable r) {
    return () -> {
      slots.acquire();
      try {
        r.run();
      } finally {
        slots.release();
      }
      return null;
    };
  }

  private void pushBlob(RegistrySession session, Digest blob, long size, String id,
      List<String> sources, Progress progress) {
    BlobEndpoint blobs = new BlobEndpoint(session);
    if (blobs.head(blob) >= 0) {
      if (id != null) {
        progress.status(id, "Layer already exists");
      }
      return;
    }
    UploadEndpoint uploads = new UploadEndpoint(session);
    for (String from : sources) {
      if (uploads.mount(blob, from)) {
        if (id != null) {
          progress.status(id, "Mounted from " + from);
        }
        return;
      }
    }
    if (id != null) {
      progress.update(id, "Pushing", 0, size);
    }
    uploads.upload(blob, size, () -> content.open(blob));
    if (id != null) {
      progress.update(id, "Pushing", size, size);
      progress.status(id, "Pushed");
    }
  }

  /**
   * Other repositories on the same registry named by images that share a layer with this one:
   * candidates for a mount (Docker keeps this as its v2 metadata; berth derives it from names).
   */
  private List<String> mountSources(Reference target, ImageRecord image) {
    Set<Digest> blobs = new java.util.HashSet<>();
    image.layers().forEach(l -> blobs.add(l.blob()));
    Set<String> out = new LinkedHashSet<>();
    for (ImageRecord other : store.all()) {
      if (other.layers().stream().noneMatch(l -> blobs.contains(l.blob()))) {
        continue;
      }
      for (Reference r : store.refsOf(other.id())) {
        if (r.domain().equals(target.domain()) && !r.path().equals(target.path())) {
          out.add(r.path());
        }
      }
    }
    return List.copyOf(out).subList(0, Math.min(out.size(), 3));
  }

  private byte[] manifestBytes(ImageRecord image, long configSize) {
    if (image.manifest() != null && content.exists(image.manifest())) {
      try (InputStream in = content.open(image.manifest())) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw BerthException.internal("read manifest " + image.manifest(), e);
      }
    }
    boolean oci = image.layers().stream().anyMatch(l -> l.mediaType() != null
        && l.mediaType().startsWith("application/vnd.oci."));
    List<Descriptor> layers = image.layers().stream().map(l -> Descriptor.of(
        l.mediaType() == null ? MediaTypes.DOCKER_LAYER : l.mediaType(), l.blob().toString(),
        l.blobSize())).toList();
    Descriptor config = Descriptor.of(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG,
        image.id().toString(), configSize);
    ImageManifest m = new ImageManifest(2, oci ? MediaTypes.OCI_MANIFEST
        : MediaTypes.DOCKER_MANIFEST, config, layers, null);
    try {
      return OciJson.MAPPER.writeValueAsBytes(m);
    } catch (IOException e) {
      throw BerthException.internal("write manifest", e);
    }
  }

  private static String mediaType(byte[] manifest) {
    try {
      String t = OciJson.MAPPER.readTree(manifest).path("mediaType").asText("");
      return t.isEmpty() ? MediaTypes.OCI_MANIFEST : t;
    } catch (IOException e) {
      throw BerthException.internal("read manifest", e);
    }
  }

  private static void await(Future<Void> f) {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : BerthException.internal(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException.Unavailable("interrupted", e);
    }
  }
}
