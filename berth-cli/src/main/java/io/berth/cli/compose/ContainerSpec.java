package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.cli.CliException;
import io.berth.cli.ContextTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One service's container as a {@code POST /containers/create} body (pure: the project and a
 * few facts in, JSON out), as Compose v2 writes it: its labels, its first network in
 * {@code NetworkingConfig} (the others are connected after create, which every engine
 * accepts), named volumes as {@code <project>_<volume>}, secrets and configs from files as
 * read-only binds, from {@code environment} or {@code content} as files copied in after create
 * (as Compose v2 does).
 */
final class ContainerSpec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ContainerSpec() {}

  /** A network to connect after create: its engine name and endpoint settings. */
  record Attachment(String network, ObjectNode endpoint) {}

  record Spec(String name, ObjectNode body, List<Attachment> more, String hash,
      List<ContextTar.Entry> files) {}

  /** Run-time choices: a one-off's command, environment, entrypoint, tty. */
  record Overrides(List<String> command, Map<String, String> env, List<String> entrypoint,
      boolean oneoff, Boolean tty, boolean stdinOpen) {
    static final Overrides NONE = new Overrides(null, Map.of(), null, false, null, false);
  }

  /**
   * @param containerOf the id of a running container of a service, for
   *     {@code network_mode: service:x}
   */
  static Spec of(Project p, String service, int number, String name, String imageId,
      Overrides o, Function<String, String> containerOf) {
    ObjectNode s = p.service(service);
    String hash = ConfigHash.of(s);
    ObjectNode b = F.objectNode();
    text(b, "Hostname", s, "hostname");
    text(b, "Domainname", s, "domainname");
    text(b, "User", s, "user");
    text(b, "WorkingDir", s, "working_dir");
    text(b, "StopSignal", s, "stop_signal");
    text(b, "MacAddress", s, "mac_address");
    b.put("Image", p.image(service));
    if (o.tty() != null || s.has("tty")) {
      b.put("Tty", o.tty() != null ? o.tty() : s.path("tty").asBoolean());
    }
    b.put("OpenStdin", o.stdinOpen() || s.path("stdin_open").asBoolean());
    b.put("AttachStdin", o.stdinOpen());
    if (o.stdinOpen()) {
      b.put("StdinOnce", true);
    }
    b.put("AttachStdout", true).put("AttachStderr", true);
    if (s.has("stop_grace_period")) {
      b.put("StopTimeout", Units.nanos(s.get("stop_grace_period").asText()) / 1_000_000_000L);
    }
    ArrayNode env = b.putArray("Env");
    s.path("environment").properties().forEach(e -> {
      if (!e.getValue().isNull() && !o.env().containsKey(e.getKey())) {
        env.add(e.getKey() + "=" + e.getValue().asText());
      }
    });
    o.env().forEach((k, v) -> env.add(k + "=" + v));
    if (o.command() != null) {
      strings(b, "Cmd", o.command());
    } else if (s.has("command") && !s.get("command").isNull()) {
      b.set("Cmd", s.get("command").deepCopy());
    }
    if (o.entrypoint() != null) {
      strings(b, "Entrypoint", o.entrypoint());
    } else if (s.has("entrypoint") && !s.get("entrypoint").isNull()) {
      b.set("Entrypoint", s.get("entrypoint").deepCopy());
    }
    ObjectNode labels = b.putObject("Labels");
    s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    labels.put(Labels.PROJECT, p.name()).put(Labels.SERVICE, service)
        .put(Labels.NUMBER, String.valueOf(number)).put(Labels.ONEOFF, o.oneoff() ? "True" : "False")
        .put(Labels.CONFIG_HASH, hash).put(Labels.WORKING_DIR, p.workingDir().toString())
        .put(Labels.CONFIG_FILES, p.configFiles().stream().map(Path::toString)
            .collect(Collectors.joining(",")))
        .put(Labels.VERSION, Labels.COMPOSE_VERSION)
        .put(Labels.DEPENDS_ON, dependsOn(s));
    if (p.envFile() != null) {
      labels.put(Labels.ENV_FILE, p.envFile().toString());
    }
    if (imageId != null) {
      labels.put(Labels.IMAGE, imageId);
    }
    ObjectNode exposed = b.putObject("ExposedPorts");
    for (JsonNode e : s.path("expose")) {
      String port = e.asText();
      exposed.putObject(port.contains("/") ? port : port + "/tcp");
    }
    ObjectNode h = b.putObject("HostConfig");
    ObjectNode bindings = h.putObject("PortBindings");
    for (JsonNode port : s.path("ports")) {
      String key = port.path("target").asInt() + "/" + port.path("protocol").asText("tcp");
      exposed.putObject(key);
      ArrayNode list = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
      list.addObject().put("HostIp", port.path("host_ip").asText(""))
          .put("HostPort", port.path("published").asText(""));
    }
    if (s.has("healthcheck")) {
      b.set("Healthcheck", healthcheck(s.get("healthcheck")));
    }
    List<ContextTar.Entry> files = new ArrayList<>();
    mounts(p, s, h, files);
    restart(s, h);
    network(p, s, h, b, service, name, containerOf);
    copyList(h, "CapAdd", s, "cap_add");
    copyList(h, "CapDrop", s, "cap_drop");
    copyList(h, "Dns", s, "dns");
    copyList(h, "DnsSearch", s, "dns_search");
    copyList(h, "DnsOptions", s, "dns_opt");
    copyList(h, "ExtraHosts", s, "extra_hosts");
    copyList(h, "SecurityOpt", s, "security_opt");
    copyList(h, "GroupAdd", s, "group_add");
    copyList(h, "VolumesFrom", s, "volumes_from");
    if (s.has("read_only")) {
      h.put("ReadonlyRootfs", s.get("read_only").asBoolean());
    }
    if (s.has("privileged")) {
      h.put("Privileged", s.get("privileged").asBoolean());
    }
    if (s.has("init")) {
      h.put("Init", s.get("init").asBoolean());
    }
    text(h, "IpcMode", s, "ipc");
    text(h, "PidMode", s, "pid");
    text(h, "UTSMode", s, "uts");
    text(h, "UsernsMode", s, "userns_mode");
    text(h, "Runtime", s, "runtime");
    text(h, "CgroupParent", s, "cgroup_parent");
    if (s.has("oom_score_adj")) {
      h.put("OomScoreAdj", s.get("oom_score_adj").asInt());
    }
    if (s.has("shm_size")) {
      h.put("ShmSize", Units.bytes(s.get("shm_size").asText()));
    }
    if (s.get("sysctls") instanceof ObjectNode sys) {
      h.set("Sysctls", sys.deepCopy());
    }
    if (s.get("ulimits") instanceof ObjectNode u) {
      ArrayNode list = h.putArray("Ulimits");
      u.properties().forEach(e -> list.addObject().put("Name", e.getKey())
          .put("Soft", e.getValue().path("soft").asLong())
          .put("Hard", e.getValue().path("hard").asLong()));
    }
    if (s.get("devices") instanceof ArrayNode devices) {
      ArrayNode list = h.putArray("Devices");
      for (JsonNode d : devices) {
        String[] parts = d.asText().split(":");
        list.addObject().put("PathOnHost", parts[0])
            .put("PathInContainer", parts.length > 1 ? parts[1] : parts[0])
            .put("CgroupPermissions", parts.length > 2 ? parts[2] : "rwm");
      }
    }
    if (s.get("logging") instanceof ObjectNode l) {
      ObjectNode lc = h.putObject("LogConfig").put("Type", l.path("driver").asText("json-file"));
      lc.set("Config", l.has("options") ? l.get("options").deepCopy() : F.objectNode());
    }
    resources(s, h);
    return new Spec(name, b, extraNetworks(p, s, service, name), hash, files);
  }

  /** {@code db:service_started:false,...}, as Compose v2's depends_on label. */
  static String dependsOn(ObjectNode s) {
    List<String> parts = new ArrayList<>();
    s.path("depends_on").properties().forEach(e -> parts.add(e.getKey() + ":"
        + e.getValue().path("condition").asText("service_started") + ":"
        + e.getValue().path("restart").asBoolean(false)));
    return String.join(",", parts);
  }

  private static ObjectNode healthcheck(JsonNode hc) {
    ObjectNode out = F.objectNode();
    if (hc.path("disable").asBoolean(false)) {
      return out.set("Test", F.arrayNode().add("NONE"));
    }
    if (hc.has("test")) {
      out.set("Test", hc.get("test").deepCopy());
    }
    for (String[] k : new String[][] {{"interval", "Interval"}, {"timeout", "Timeout"},
        {"start_period", "StartPeriod"}, {"start_interval", "StartInterval"}}) {
      if (hc.has(k[0])) {
        out.put(k[1], Units.nanos(hc.get(k[0]).asText()));
      }
    }
    if (hc.has("retries")) {
      out.put("Retries", hc.get("retries").asInt());
    }
    return out;
  }

  private static void mounts(Project p, ObjectNode s, ObjectNode h, List<ContextTar.Entry> files) {
    ArrayNode binds = F.arrayNode();
    ArrayNode mounts = F.arrayNode();
    for (JsonNode v : s.path("volumes")) {
      String type = v.path("type").asText("volume");
      String target = v.path("target").asText();
      boolean ro = v.path("read_only").asBoolean(false);
      switch (type) {
        case "bind" -> {
          String mode = ro ? "ro" : "rw";
          if (v.path("bind").has("selinux")) {
            mode += "," + v.path("bind").get("selinux").asText();
          }
          if (v.path("bind").has("propagation")) {
            mode += "," + v.path("bind").get("propagation").asText();
          }
          binds.add(v.path("source").asText() + ":" + target + ":" + mode);
        }
        case "volume" -> {
          if (!v.has("source")) {
            mounts.addObject().put("Type", "volume").put("Target", target).put("ReadOnly", ro);
          } else {
            binds.add(p.volumeName(v.get("source").asText()) + ":" + target + ":"
                + (ro ? "ro" : "rw") + (v.path("volume").path("nocopy").asBoolean() ? ",nocopy" : ""));
          }
        }
        case "tmpfs" -> {
          ObjectNode t = h.get("Tmpfs") instanceof ObjectNode x ? x : h.putObject("Tmpfs");
          JsonNode opts = v.path("tmpfs");
          List<String> o = new ArrayList<>();
          if (opts.has("size")) {
            o.add("size=" + Units.bytes(opts.get("size").asText()));
          }
          if (opts.has("mode")) {
            o.add("mode=" + Integer.toOctalString(opts.get("mode").asInt()));
          }
          t.put(target, String.join(",", o));
        }
        default -> throw new CliException("unsupported volume type " + type + " for service "
            + s.path("name").asText());
      }
    }
    for (String kind : List.of("secrets", "configs")) {
      for (JsonNode r : s.path(kind)) {
        String source = r.path("source").asText();
        JsonNode def = p.model().path(kind).path(source);
        String target = r.path("target").asText();
        if (def.has("file")) {
          binds.add(def.get("file").asText() + ":" + target + ":ro");
        } else if (def.has("environment") || def.has("content")) {
          String value = def.has("content") ? def.get("content").asText()
              : p.env().get(def.get("environment").asText());
          if (value == null) {
            throw new CliException(kind.substring(0, kind.length() - 1) + " " + source
                + ": environment variable " + def.get("environment").asText() + " is not set");
          }
          files.add(new ContextTar.Entry(target.replaceFirst("^/+", ""), value.getBytes(StandardCharsets.UTF_8),
              r.has("mode") ? r.get("mode").asInt() : 0444));
        } else {
          throw new CliException(kind.substring(0, kind.length() - 1) + " " + source
              + ": external " + kind + " need a swarm");
        }
      }
    }
    if (s.get("tmpfs") instanceof ArrayNode tmpfs) {
      ObjectNode t = h.get("Tmpfs") instanceof ObjectNode x ? x : h.putObject("Tmpfs");
      for (JsonNode e : tmpfs) {
        String[] parts = e.asText().split(":", 2);
        t.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    if (!binds.isEmpty()) {
      h.set("Binds", binds);
    }
    if (!mounts.isEmpty()) {
      h.set("Mounts", mounts);
    }
  }

  private static void restart(ObjectNode s, ObjectNode h) {
    String r = s.path("restart").asText("");
    JsonNode policy = s.path("deploy").path("restart_policy");
    if (r.isEmpty() && policy.has("condition")) {
      r = switch (policy.get("condition").asText()) {
        case "none" -> "no";
        case "on-failure" -> "on-failure";
        default -> "always";
      };
    }
    if (r.isEmpty()) {
      return;
    }
    String[] parts = r.split(":");
    ObjectNode rp = h.putObject("RestartPolicy").put("Name", parts[0].equals("no") ? "" : parts[0]);
    if (parts.length > 1) {
      rp.put("MaximumRetryCount", Integer.parseInt(parts[1]));
    } else if (policy.has("max_attempts")) {
      rp.put("MaximumRetryCount", policy.get("max_attempts").asInt());
    }
  }

  private static void network(Project p, ObjectNode s, ObjectNode h, ObjectNode b, String service,
      String name, Function<String, String> containerOf) {
    if (s.has("network_mode")) {
      String mode = s.get("network_mode").asText();
      if (mode.startsWith("service:")) {
        mode = "container:" + containerOf.apply(mode.substring("service:".length()));
      }
      h.put("NetworkMode", mode);
      return;
    }
    var nets = s.path("networks").properties().iterator();
    if (!nets.hasNext()) {
      return;
    }
    var first = nets.next();
    String net = p.networkName(first.getKey());
    h.put("NetworkMode", net);
    b.putObject("NetworkingConfig").putObject("EndpointsConfig")
        .set(net, endpoint(first.getValue(), service, name));
  }

  private static List<Attachment> extraNetworks(Project p, ObjectNode s, String service,
      String name) {
    List<Attachment> out = new ArrayList<>();
    if (s.has("network_mode")) {
      return out;
    }
    var it = s.path("networks").properties().iterator();
    if (it.hasNext()) {
      it.next();
    }
    it.forEachRemaining(e -> out.add(new Attachment(p.networkName(e.getKey()),
        endpoint(e.getValue(), service, name))));
    return out;
  }

  private static ObjectNode endpoint(JsonNode cfg, String service, String name) {
    ObjectNode ep = F.objectNode();
    ArrayNode aliases = ep.putArray("Aliases").add(service);
    for (JsonNode a : cfg.path("aliases")) {
      aliases.add(a.asText());
    }
    if (cfg.has("ipv4_address") || cfg.has("ipv6_address")) {
      ObjectNode ipam = ep.putObject("IPAMConfig");
      text(ipam, "IPv4Address", cfg, "ipv4_address");
      text(ipam, "IPv6Address", cfg, "ipv6_address");
    }
    text(ep, "MacAddress", cfg, "mac_address");
    return ep;
  }

  private static void resources(ObjectNode s, ObjectNode h) {
    JsonNode limits = s.path("deploy").path("resources").path("limits");
    JsonNode reserve = s.path("deploy").path("resources").path("reservations");
    String memory = limits.has("memory") ? limits.get("memory").asText()
        : s.has("mem_limit") ? s.get("mem_limit").asText() : null;
    if (memory != null) {
      h.put("Memory", Units.bytes(memory));
    }
    String res = reserve.has("memory") ? reserve.get("memory").asText()
        : s.has("mem_reservation") ? s.get("mem_reservation").asText() : null;
    if (res != null) {
      h.put("MemoryReservation", Units.bytes(res));
    }
    String cpus = limits.has("cpus") ? limits.get("cpus").asText()
        : s.has("cpus") ? s.get("cpus").asText() : null;
    if (cpus != null) {
      h.put("NanoCpus", (long) (Double.parseDouble(cpus) * 1e9));
    }
    if (limits.has("pids") || s.has("pids_limit")) {
      h.put("PidsLimit", (limits.has("pids") ? limits.get("pids") : s.get("pids_limit")).asLong());
    }
    if (s.has("cpu_shares")) {
      h.put("CpuShares", s.get("cpu_shares").asLong());
    }
    if (s.has("memswap_limit")) {
      h.put("MemorySwap", Units.bytes(s.get("memswap_limit").asText()));
    }
  }

  private static void text(ObjectNode out, String field, JsonNode s, String key) {
    if (s.has(key) && !s.get(key).isNull()) {
      out.put(field, s.get(key).asText());
    }
  }

  private static void copyList(ObjectNode out, String field, ObjectNode s, String key) {
    if (s.get(key) instanceof ArrayNode a && !a.isEmpty()) {
      ArrayNode list = out.putArray(field);
      a.forEach(x -> list.add(x.asText()));
    }
  }

  private static void strings(ObjectNode out, String field, List<String> values) {
    ArrayNode a = out.putArray(field);
    values.forEach(a::add);
  }
}
