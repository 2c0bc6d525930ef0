package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.image.ImageCommitter;
import io.berth.image.ImageService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One build's use of the {@link BuildCache}: a step whose key (the parent image, the step's
 * text and the config it runs with) was built before is taken from it ({@code  ---> Using
 * cache}); any other is made, committed as a child image and recorded. Holds what a build
 * learns as it goes: the images it made (a step after one of them cannot hit) and the
 * {@code --cache-from} images' ancestry.
 */
final class StepCache {
  private static final System.Logger LOG = System.getLogger("berth.build");

  private final BuildCache cache;
  private final ImageService images;
  private final BuildRequest req;
  private final BuildOutput out;
  private final Set<Digest> made = new HashSet<>();
  private Set<Digest> cacheSources;

  StepCache(BuildCache cache, ImageService images, BuildRequest req, BuildOutput out) {
    this.cache = cache;
    this.images = images;
    this.req = req;
    this.out = out;
  }

  /** The step being built: its number and its Dockerfile line, for the cache's explanations. */
  record Step(int number, String original) {}

  /** Makes a step's layer tar. */
  @FunctionalInterface
  interface LayerMaker {
    Path make() throws IOException;
  }

  /** What the key of step {@code text} hashes: the text, the config it runs with, the author. */
  private static String keyText(StageState st, String text) {
    return text + "\n" + new String(io.berth.oci.OciJson.write(st.runConfig()),
        StandardCharsets.UTF_8) + "\n" + st.author;
  }

  /** Takes the step from the cache when {@code text} was built on this image before. */
  boolean reuse(StageState st, String text) {
    if (req.noCache()) {
      return false;
    }
    var hit = cache.get(BuildCache.key(st.image, keyText(st, text))).filter(images::exists)
        .filter(this::cacheSource);
    if (hit.isEmpty()) {
      return false;
    }
    out.stream(" ---> Using cache\n");
    out.stream(" ---> " + hit.get().hex().substring(0, 12) + "\n");
    boolean cmdSet = st.cmdSet;
    Map<String, String> args = new LinkedHashMap<>(st.args);
    st.load(hit.get(), images.inspect(hit.get().toString()).config(), st.author);
    st.cmdSet = cmdSet;
    st.args.putAll(args);
    return true;
  }

  /**
   * moby's image-source cache: with {@code cache-from}, a step is reused only from those
   * images and the images they were built from, never from the local cache alone.
   */
  private boolean cacheSource(Digest image) {
    if (req.cacheFrom().isEmpty()) {
      return true;
    }
    if (cacheSources == null) {
      cacheSources = new HashSet<>();
      for (String name : req.cacheFrom()) {
        try {
          for (var v = images.inspect(name); v != null; ) {
            if (!cacheSources.add(v.record().id())) {
              break;
            }
            Digest parent = v.record().parent();
            v = parent == null || !images.exists(parent) ? null
                : images.inspect(parent.toString());
          }
        } catch (BerthException.NotFound e) {
          // dockerd skips a cache-from image that it does not have
        }
      }
    }
    return cacheSources.contains(image);
  }

  /**
   * Reuses the cached result of this step, or makes it ({@code layer} null: config only) and
   * records it, also under {@code alias} (a cheaper key the step probed first) when not null.
   */
  void commit(StageState st, Step step, String text, String createdBy, LayerMaker layer,
      String alias) throws IOException {
    String keyText = keyText(st, text);
    Digest key = BuildCache.key(st.image, keyText);
    Digest aliasKey = alias == null ? null : BuildCache.key(st.image, keyText(st, alias));
    if (reuse(st, text)) {
      if (aliasKey != null) {
        cache.put(aliasKey, st.image);
      }
      return;
    }
    String why = req.noCache() ? "--no-cache" : made.contains(st.image)
        ? "the step before it was rebuilt" : cache.explain(st.image, step.original(), keyText);
    LOG.log(System.Logger.Level.DEBUG, "cache miss at step " + step.number() + " ("
        + step.original() + "): " + why);
    if (req.explainCache()) {
      out.stream(" ---> Cache miss: " + why + "\n");
    }
    Digest parent = st.image;
    Path tar = layer == null ? null : layer.make();
    try {
      Digest id = images.commit(new ImageCommitter.Commit(st.image, tar, st.runConfig(),
          createdBy, null, st.author, Instant.now().toString()));
      cache.put(key, id);
      if (aliasKey != null) {
        cache.put(aliasKey, id);
      }
      cache.remember(parent, step.original(), keyText);
      made.add(id);
      st.image = id;
      out.stream(" ---> " + id.hex().substring(0, 12) + "\n");
    } finally {
      if (tar != null) {
        Files.deleteIfExists(tar);
      }
    }
  }
}
