package io.berth.build;

import io.berth.common.IdMap;
import io.berth.snapshot.FileTar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An overlayfs upper directory as an OCI layer tar, as moby's overlay2 driver diffs a container
 * for commit: every entry of the upper dir is written as it is, except that a 0/0 character
 * device (a deleted path) becomes an empty {@code .wh.<name>} file and a directory marked
 * opaque ({@code trusted.overlay.opaque=y}: it replaced a deleted one) gets a
 * {@code .wh..wh..opq} entry. Names are relative, directories end in a slash, hard links inside
 * the layer are link entries. A running container (docker commit) may change files meanwhile:
 * a vanished one is skipped, a shrunk one padded.
 */
final class UpperLayerTar {
  private final FileTar tar;
  private final Predicate<Path> opaque;

  private UpperLayerTar(OutputStream out, Predicate<Path> opaque, IdMap ids) {
    this.tar = new FileTar(out, ids);
    this.opaque = opaque;
  }

  /** Writes the layer of {@code upper} to {@code out} (left open), owners unshifted by ids. */
  static void write(Path upper, OutputStream out, Predicate<Path> opaque, IdMap ids)
      throws IOException {
    UpperLayerTar t = new UpperLayerTar(out, opaque, ids);
    t.dir(upper, "");
    t.tar.finish();
  }

  private void dir(Path dir, String prefix) throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path child : children) {
      try {
        child(child, prefix);
      } catch (NoSuchFileException e) {
        // gone since the listing (docker commit of a running container): no change any more
      }
    }
  }

  private void child(Path child, String prefix) throws IOException {
    String name = prefix + child.getFileName();
    Map<String, Object> a = FileTar.attributes(child);
    if (FileTar.isWhiteout(a)) {
      tar.marker(prefix + ".wh." + child.getFileName(), a);
    } else if (FileTar.isDirectory(a)) {
      tar.directory(name, a);
      if (opaque.test(child)) {
        tar.marker(name + "/.wh..wh..opq", a);
      }
      dir(child, name + "/");
    } else {
      tar.file(child, name, a);
    }
  }
}
