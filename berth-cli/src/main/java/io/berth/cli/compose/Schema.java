package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys the Compose Specification allows where, as compose-spec's JSON schema has them
 * ({@code additionalProperties: false} with {@code ^x-} patterns): a key it does not know is an
 * error naming the file, the line and the key, as {@code docker compose} refuses a typo.
 * A child written {@code name} is one object of that kind; {@code *name} is a list or a map
 * whose object entries are of that kind.
 */
final class Schema {
  private Schema() {}

  private static final Map<String, Map<String, String>> KINDS = new HashMap<>();

  private static void kind(String name, String... keys) {
    Map<String, String> m = new HashMap<>();
    for (String k : keys) {
      int eq = k.indexOf('=');
      m.put(eq < 0 ? k : k.substring(0, eq), eq < 0 ? "" : k.substring(eq + 1));
    }
    KINDS.put(name, m);
  }

  static {
    kind("top", "version", "name", "services=*service", "networks=*network", "volumes=*volume",
        "configs=*config", "secrets=*secret");
    kind("service", "annotations", "attach", "build=build", "blkio_config", "cap_add", "cap_drop",
        "cgroup", "cgroup_parent", "command", "configs=*file_ref", "container_name", "cpu_count",
        "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
        "cpus", "cpuset", "credential_spec", "depends_on=*depends", "deploy=deploy", "develop",
        "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
        "entrypoint", "env_file", "environment", "expose", "extends", "external_links",
        "extra_hosts", "group_add", "healthcheck=healthcheck", "hostname", "image", "init", "ipc",
        "isolation", "labels", "links", "logging=logging", "mac_address", "mem_limit",
        "mem_reservation", "mem_swappiness", "memswap_limit", "network_mode",
        "networks=*service_network", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit",
        "platform", "ports=*port", "post_start", "pre_stop", "privileged", "profiles",
        "pull_policy", "read_only", "restart", "runtime", "scale", "secrets=*file_ref",
        "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
        "storage_opt", "sysctls", "tmpfs", "tty", "ulimits=*ulimit", "user", "userns_mode", "uts",
        "volumes=*service_volume", "volumes_from", "working_dir");
    kind("build", "context", "dockerfile", "dockerfile_inline", "args", "ssh", "labels",
        "cache_from", "cache_to", "no_cache", "additional_contexts", "network", "pull", "target",
        "shm_size", "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits",
        "platforms");
    kind("healthcheck", "disable", "interval", "retries", "test", "timeout", "start_period",
        "start_interval");
    kind("deploy", "mode", "endpoint_mode", "replicas", "labels", "rollback_config",
        "update_config", "resources=resources", "restart_policy", "placement");
    kind("resources", "limits=limits", "reservations=limits");
    kind("limits", "cpus", "memory", "pids", "devices", "generic_resources");
    kind("logging", "driver", "options");
    kind("depends", "condition", "restart", "required");
    kind("service_network", "aliases", "ipv4_address", "ipv6_address", "link_local_ips",
        "mac_address", "priority", "driver_opts", "gw_priority");
    kind("port", "name", "mode", "host_ip", "target", "published", "protocol", "app_protocol");
    kind("service_volume", "type", "source", "target", "read_only", "consistency", "bind=bind",
        "volume=volume_options", "tmpfs=tmpfs_options", "image");
    kind("bind", "propagation", "create_host_path", "selinux", "recursive");
    kind("volume_options", "nocopy", "subpath", "labels");
    kind("tmpfs_options", "size", "mode");
    kind("file_ref", "source", "target", "uid", "gid", "mode");
    kind("ulimit", "hard", "soft");
    kind("network", "name", "driver", "driver_opts", "ipam=ipam", "external", "internal",
        "enable_ipv6", "enable_ipv4", "attachable", "labels");
    kind("ipam", "driver", "config=*ipam_pool", "options");
    kind("ipam_pool", "subnet", "ip_range", "gateway", "aux_addresses");
    kind("volume", "name", "driver", "driver_opts", "external", "labels");
    kind("config", "name", "file", "environment", "content", "external", "labels",
        "template_driver");
    kind("secret", "name", "file", "environment", "external", "labels", "driver", "driver_opts",
        "template_driver");
  }

  /** Service keys whose value must be of one of these JSON shapes (as compose-spec's types). */
  private static final Map<String, String> SERVICE_TYPES = Map.ofEntries(
      Map.entry("image", "scalar"), Map.entry("ports", "list"), Map.entry("volumes", "list"),
      Map.entry("secrets", "list"), Map.entry("configs", "list"), Map.entry("devices", "list"),
      Map.entry("cap_add", "list"), Map.entry("cap_drop", "list"),
      Map.entry("security_opt", "list"), Map.entry("profiles", "list"),
      Map.entry("expose", "list"), Map.entry("command", "scalar|list"),
      Map.entry("entrypoint", "scalar|list"), Map.entry("environment", "list|map"),
      Map.entry("labels", "list|map"), Map.entry("networks", "list|map"),
      Map.entry("depends_on", "list|map"), Map.entry("build", "scalar|map"),
      Map.entry("healthcheck", "map"), Map.entry("deploy", "map"), Map.entry("logging", "map"),
      Map.entry("ulimits", "map"), Map.entry("sysctls", "list|map"),
      Map.entry("extra_hosts", "list|map"), Map.entry("env_file", "scalar|list"),
      Map.entry("dns", "scalar|list"), Map.entry("tmpfs", "scalar|list"));

  private static void type(YamlFile file, String kind, String key, JsonNode v, String p) {
    String want = kind.equals("service") ? SERVICE_TYPES.get(key) : null;
    if (want == null || v.isNull()) {
      return;
    }
    String is = v.isArray() ? "list" : v.isObject() ? "map" : "scalar";
    if (!java.util.List.of(want.split("\\|")).contains(is)) {
      String words = want.replace("scalar", "a string").replace("list", "a list")
          .replace("map", "a mapping").replace("|", " or ");
      throw new CliException(file.where(p) + ": " + p + " must be " + words);
    }
  }

  /** Checks {@code file}'s keys; the first unknown key is a {@link CliException}. */
  static void validate(YamlFile file) {
    check(file, file.tree(), "top", "");
  }

  private static void check(YamlFile file, ObjectNode node, String kind, String path) {
    Map<String, String> keys = KINDS.get(kind);
    for (var e : node.properties()) {
      String key = e.getKey();
      String p = YamlFile.join(path, key);
      if (key.startsWith("x-")) {
        continue;
      }
      String child = keys.get(key);
      if (child == null) {
        throw new CliException(file.where(p) + ": " + (path.isEmpty() ? "" : path + " ")
            + "additional properties '" + key + "' not allowed");
      }
      JsonNode v = e.getValue();
      type(file, kind, key, v, p);
      if (child.startsWith("*")) {
        String each = child.substring(1);
        if (kind.equals("top") && !v.isObject() && !v.isNull()) {
          throw new CliException(file.where(p) + ": " + p + " must be a mapping");
        }
        if (v.isObject()) {
          v.properties().forEach(c -> {
            if (c.getValue() instanceof ObjectNode o) {
              check(file, o, each, YamlFile.join(p, c.getKey()));
            } else if (kind.equals("top") && !c.getValue().isNull()) {
              throw new CliException(file.where(YamlFile.join(p, c.getKey())) + ": "
                  + YamlFile.join(p, c.getKey()) + " must be a mapping");
            }
          });
        } else if (v.isArray()) {
          for (int i = 0; i < v.size(); i++) {
            if (v.get(i) instanceof ObjectNode o) {
              check(file, o, each, YamlFile.join(p, String.valueOf(i)));
            }
          }
        }
      } else if (!child.isEmpty() && v instanceof ObjectNode o) {
        check(file, o, child, p);
      }
    }
  }
}
