package io.berth.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.berth.api.model.JsonTree;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads daemon.json. Keys use dockerd's names; a key berth does not know is an error that
 * names it, with dockerd's wording, so a typo is never silently ignored.
 */
final class ConfigFile {
  /** dockerd's keys that berth honours now or in a planned issue. */
  static final Set<String> KNOWN = Set.of(
      "hosts", "data-root", "exec-root", "pidfile", "log-level", "debug", "group",
      "tls", "tlsverify", "tlscacert", "tlscert", "tlskey",
      "runtimes", "default-runtime", "insecure-registries", "registry-mirrors",
      "bip", "default-address-pools", "fixed-cidr", "mtu", "ip-forward", "iptables",
      "dns", "dns-opts", "dns-search", "storage-driver", "log-driver", "log-opts",
      "live-restore", "experimental", "labels", "max-concurrent-downloads",
      "max-concurrent-uploads", "default-ulimits", "init", "init-path", "shutdown-timeout",
      "cgroup-parent", "exec-opts", "features", "default-shm-size", "userland-proxy",
      "registry-mirror-map", "bridge", "nft-table", "userns-remap", "ipv6", "fixed-cidr-v6",
      "cluster-store", "cluster-advertise", "cluster-store-opts", "metrics-addr", "cri");

  private ConfigFile() {}

  /**
   * Parses {@code path}; a missing file is empty when {@code optional}.
   *
   * @throws ConfigException when the file is unreadable, not JSON, or has unknown keys
   */
  static JsonNode read(Path path, boolean optional) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      if (optional) {
        return JsonNodeFactory.instance.objectNode();
      }
      throw new ConfigException("unable to configure the berth daemon with file " + path
          + ": open " + path + ": no such file or directory");
    } catch (IOException e) {
      throw new ConfigException("unable to read config file " + path + ": " + Messages.of(e));
    }
    if (text.isBlank()) {
      return JsonNodeFactory.instance.objectNode(); // no parser to start (25 ms cold)
    }
    JsonNode root;
    try {
      // no ObjectMapper before berthd listens: building one is 166 ms of a cold start
      root = JsonTree.read(text.getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new ConfigException("unable to configure the berth daemon with file " + path
          + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("unable to configure the berth daemon with file " + path
          + ": " + Messages.of(e));
    }
    if (!root.isObject()) {
      throw new ConfigException("unable to configure the berth daemon with file " + path
          + ": the file must hold a JSON object");
    }
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KNOWN.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unable to configure the berth daemon with file " + path
          + ": the following directives don't match any configuration option: "
          + String.join(", ", unknown));
    }
    return root;
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node != null && node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }
}
