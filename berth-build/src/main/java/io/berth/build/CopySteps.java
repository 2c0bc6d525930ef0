package io.berth.build;

import io.berth.build.dockerfile.ShellWords;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.IdMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * COPY and ADD ({@code moby builder/dockerfile/copy.go}): the words expanded, the destination
 * made absolute against WORKDIR, {@code --chown}/{@code --chmod} read; the sources come from the
 * context or, with {@code --from}, from a stage or an image mounted read-only. The step's cache
 * key is the sources' content hash ({@link CopyStep}); with {@code --from}, the source image
 * and the paths are probed first, which needs no mount.
 */
final class CopySteps {
  private final Path context;
  private final Path dir;
  private final SnapshotSteps snapshots;
  private final StepCache cache;
  private final IdMap ids;
  private final char escape;
  private final Function<String, Digest> sourceImages;

  /**
   * @param context the unpacked build context
   * @param dir the build's scratch directory
   * @param sourceImages {@code --from}'s stage name or index, or image, to its image
   */
  CopySteps(Path context, Path dir, SnapshotSteps snapshots, StepCache cache, IdMap ids,
      char escape, Function<String, Digest> sourceImages) {
    this.context = context;
    this.dir = dir;
    this.snapshots = snapshots;
    this.cache = cache;
    this.ids = ids;
    this.escape = escape;
    this.sourceImages = sourceImages;
  }

  private String word(StageState st, String text) {
    return ShellWords.word(text, escape, st::lookup);
  }

  /** One COPY ({@code add} false) or ADD step, committed as a child of the stage's image. */
  void copy(StageState st, StepCache.Step step, List<String> rawSources, String rawDest,
      String from, String chown, String chmod, boolean add) throws IOException {
    String kw = add ? "ADD" : "COPY";
    List<String> sources = rawSources.stream().map(s -> word(st, s)).toList();
    String dest = destination(st, word(st, rawDest));
    String owner = chown == null ? null : word(st, chown);
    Integer mode = null;
    if (chmod != null) {
      try {
        mode = Integer.parseInt(word(st, chmod), 8);
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid chmod parameter: " + chmod);
      }
    }
    String what = (from == null ? "" : "--from=" + word(st, from) + " ")
        + (owner == null ? "" : "--chown=" + owner + " ")
        + (mode == null ? "" : "--chmod=" + Integer.toOctalString(mode) + " ");
    String alias = null;
    Digest sourceImage = null;
    if (from != null) {
      // Probed first: the same files of the same source image, which needs no mount. A
      // source image that changed elsewhere still hits through the content hash below.
      sourceImage = sourceImages.apply(word(st, from));
      alias = kw + " " + what + sourceImage + " " + ClassicBuilder.json(sources) + " in "
          + dest;
      if (cache.reuse(st, alias)) {
        return;
      }
    }
    SnapshotSteps.Source source = from == null ? SnapshotSteps.Source.of(context)
        : snapshots.mountImage(sourceImage, dir);
    try (source) {
      CopyStep copy = new CopyStep(source.root(), sources, dest, add, kw);
      Digest hash = copy.hash();
      Integer m = mode;
      cache.commit(st, step, kw + " " + what + hash.hex() + " in " + dest,
          "/bin/sh -c #(nop) " + kw + " " + what + "file:" + hash.hex() + " in " + dest + " ",
          () -> snapshots.layerByCopy(st.image, dir, root -> copy.apply(root,
              hostOwner(owner == null ? new int[] {0, 0} : RootfsPath.owner(root, owner)), m)),
          alias);
    }
  }

  /** The destination, absolute against WORKDIR; a directory keeps its trailing slash. */
  private static String destination(StageState st, String dest) {
    boolean intoDir = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
    if (!dest.startsWith("/")) {
      String wd = st.workingDir == null || st.workingDir.isEmpty() ? "/" : st.workingDir;
      dest = (wd.endsWith("/") ? wd : wd + "/") + dest;
    }
    dest = Path.of(dest).normalize().toString();
    return intoDir && !dest.endsWith("/") ? dest + "/" : dest;
  }

  /** A COPY --chown owner (container ids) as the snapshot stores it (the userns-remap's). */
  private int[] hostOwner(int[] owner) {
    return new int[] {ids.hostUid(owner[0]), ids.hostGid(owner[1])};
  }
}
