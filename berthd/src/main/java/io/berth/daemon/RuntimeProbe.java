package io.berth.daemon;

import io.berth.api.model.InfoResponse;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the OCI runtimes on this host: runc and crun on the PATH, plus daemon.json's. */
final class RuntimeProbe {
  private RuntimeProbe() {}

  static Map<String, InfoResponse.Runtime> probe(Map<String, DaemonConfig.RuntimeSpec> configured,
      String cgroupVersion) {
    Map<String, InfoResponse.Runtime> out = new LinkedHashMap<>();
    for (String name : List.of("runc", "crun")) {
      Path p = which(name);
      if (p != null) {
        Map<String, String> status = Map.of();
        if (name.equals("crun") && cgroupVersion.equals("1") && hybrid()) {
          status = Map.of("note", "crun refuses cgroup v1/v2 hybrid hosts; berth runs it in a "
              + "private mount namespace that hides the cgroup v2 mount");
        }
        out.put(name, new InfoResponse.Runtime(p.toString(), List.of(), status));
      }
    }
    configured.forEach((name, spec) -> out.put(name,
        new InfoResponse.Runtime(spec.path(), spec.runtimeArgs(), Map.of())));
    return out;
  }

  /** A v1 host that also mounts the v2 hierarchy at /sys/fs/cgroup/unified. */
  static boolean hybrid() {
    return Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers"));
  }

  static Path which(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
