package io.berth.engine;

import io.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges an image's config into a container's, as moby's {@code daemon/create.go} (via
 * {@code image.Merge}) does: the container's own settings win; Env is merged by variable name;
 * Labels and ExposedPorts and Volumes are unions; the image's Cmd is used only when the
 * container sets neither Cmd nor Entrypoint.
 */
final class ImageDefaults {
  private ImageDefaults() {}

  static ContainerConfig merge(ContainerConfig c, ImageConfig.RunConfig img, String hostname) {
    List<String> entrypoint = c.entrypoint();
    List<String> cmd = c.cmd();
    if (entrypoint == null || entrypoint.isEmpty()) {
      entrypoint = img.entrypoint();
      if (cmd == null || cmd.isEmpty()) {
        cmd = img.cmd();
      }
    }
    return c.toBuilder()
        .hostname(c.hostname() == null || c.hostname().isEmpty() ? hostname : c.hostname())
        .domainname(nz(c.domainname()))
        .user(pick(c.user(), img.user()))
        .exposedPorts(union(img.exposedPorts(), c.exposedPorts()))
        .env(env(img.env(), c.env()))
        .cmd(cmd)
        .healthcheck(c.healthcheck() != null ? c.healthcheck()
            : HealthConfig.of(img.healthcheck()))
        .volumes(union(img.volumes(), c.volumes()))
        .workingDir(pick(c.workingDir(), img.workingDir()))
        .entrypoint(entrypoint)
        .labels(union(img.labels(), c.labels()))
        .stopSignal(pick(c.stopSignal(), img.stopSignal()))
        .build();
  }

  private static String pick(String mine, String image) {
    return mine != null && !mine.isEmpty() ? mine : nz(image);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static <V> Map<String, V> union(Map<String, V> image, Map<String, V> mine) {
    if (image == null && mine == null) {
      return null;
    }
    Map<String, V> out = new LinkedHashMap<>();
    if (image != null) {
      out.putAll(image);
    }
    if (mine != null) {
      out.putAll(mine);
    }
    return out;
  }

  static List<String> env(List<String> image, List<String> mine) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (List<String> l : java.util.Arrays.asList(image, mine)) {
      if (l != null) {
        for (String kv : l) {
          int eq = kv.indexOf('=');
          byName.put(eq < 0 ? kv : kv.substring(0, eq), kv);
        }
      }
    }
    return new ArrayList<>(byName.values());
  }
}
