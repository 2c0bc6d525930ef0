package io.berth.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shortens overlay {@code lowerdir=} lists to paths relative to their common directory. */
final class LowerDirs {
  private static final String LOWER = "lowerdir=";

  /** Options with relative lowerdirs, to be mounted from {@code dir}. */
  record Compacted(String dir, String options) {}

  private LowerDirs() {}

  static Compacted compact(List<String> options) {
    List<Path> lowers = new ArrayList<>();
    for (String o : options) {
      if (o.startsWith(LOWER)) {
        Arrays.stream(o.substring(LOWER.length()).split(":")).map(Path::of).forEach(lowers::add);
      }
    }
    if (lowers.isEmpty()) {
      return new Compacted("/", String.join(",", options));
    }
    Path common = lowers.getFirst().getParent();
    for (Path p : lowers) {
      while (common != null && !p.startsWith(common)) {
        common = common.getParent();
      }
    }
    if (common == null) {
      common = Path.of("/");
    }
    List<String> out = new ArrayList<>();
    for (String o : options) {
      if (o.startsWith(LOWER)) {
        List<String> rel = new ArrayList<>();
        for (String l : o.substring(LOWER.length()).split(":")) {
          rel.add(common.relativize(Path.of(l)).toString());
        }
        out.add(LOWER + String.join(":", rel));
      } else {
        out.add(o);
      }
    }
    return new Compacted(common.toString(), String.join(",", out));
  }
}
