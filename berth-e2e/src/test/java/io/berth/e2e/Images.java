package io.berth.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test images made locally, as the README's set-up does: busybox from busybox-static. */
final class Images {
  private Images() {}

  /** True when scripts/make-busybox-image.sh can run here. */
  static boolean busyboxAvailable() {
    return Files.isExecutable(Path.of("/bin/busybox")) || Files.isExecutable(Path.of("/usr/bin/busybox"));
  }

  /** Writes a docker-save tarball of busybox:latest (or {@code ref}) to {@code out}. */
  static Path busybox(Path out, String ref) throws Exception {
    Path script = repoRoot().resolve("scripts/make-busybox-image.sh");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of(script.toString(), out.toString(), ref));
    if (r.code() != 0) {
      throw new IllegalStateException("make-busybox-image.sh failed: " + r.all());
    }
    return out;
  }

  /** Makes busybox:latest at {@code dir/busybox.tar} and loads it into {@code daemon}. */
  static Path loadBusybox(Berthd daemon, Path dir) throws Exception {
    Path tar = busybox(dir.resolve("busybox.tar"), "busybox:latest");
    Cmd.Result load = Cmd.docker(daemon, "load", "-i", tar.toString());
    if (load.code() != 0) {
      throw new IllegalStateException("docker load of busybox failed: " + load.all());
    }
    return tar;
  }

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("scripts/make-busybox-image.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return p;
  }
}
