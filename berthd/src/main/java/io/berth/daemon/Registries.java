package io.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.distribution.RegistryConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * daemon.json's registry keys: {@code insecure-registries}, {@code registry-mirrors} (for
 * docker.io, as dockerd) and berth's {@code registry-mirror-map}, which gives any registry its
 * mirrors: {@code {"registry-mirror-map": {"quay.io": ["https://quay-mirror.local"]}}}
 * (ADR 0105).
 */
final class Registries {
  private Registries() {}

  static RegistryConfig from(JsonNode json) {
    List<String> insecure = ConfigFile.strings(json.get("insecure-registries"));
    List<URI> docker = mirrors("registry-mirrors", ConfigFile.strings(json.get("registry-mirrors")));
    Map<String, List<URI>> map = new LinkedHashMap<>();
    JsonNode m = json.get("registry-mirror-map");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw new ConfigException("registry-mirror-map must map registry hosts to lists of"
            + " mirror URLs");
      }
      m.properties().forEach(e -> map.put(e.getKey(),
          mirrors("registry-mirror-map", ConfigFile.strings(e.getValue()))));
    }
    List<URI> forDocker = map.containsKey("docker.io") ? concat(docker, map.remove("docker.io"))
        : docker;
    return new RegistryConfig(insecure, forDocker, map, RegistryConfig.DEFAULT_CERTS_DIRS);
  }

  private static List<URI> mirrors(String key, List<String> urls) {
    List<URI> out = new ArrayList<>();
    for (String u : urls) {
      String s = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      if (!s.startsWith("http://") && !s.startsWith("https://")) {
        throw new ConfigException("invalid mirror in " + key + ": \"" + u
            + "\": must start with http:// or https://");
      }
      out.add(URI.create(s));
    }
    return out;
  }

  private static List<URI> concat(List<URI> a, List<URI> b) {
    List<URI> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
