package io.berth.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.cri.api.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a CNI network list for one pod as the CNI specification's runtime does (SPEC.md,
 * "Execution of network configuration lists"): ADD through each plugin in order, each given
 * the previous result; DEL in reverse order with the cached result. A plugin is an executable
 * in the bin dir, given its configuration on stdin and the {@code CNI_*} variables; it answers
 * with a result (or an error object) on stdout. The result of ADD is kept under the state
 * dir, so that DEL (and a restarted berthd) has what ADD made.
 */
final class CniPlugins {
  static final String IFNAME = "eth0";
  private final Path binDir;
  private final Path cacheDir;

  CniPlugins(Path binDir, Path cacheDir) {
    this.binDir = binDir;
    this.cacheDir = cacheDir;
  }

  /** The pod's identity as CNI_ARGS passes it (K8S_POD_* as kubelet's runtimes do). */
  record Pod(String id, Path netns, String name, String namespace, List<PortMapping> ports) {}

  /** ADD; returns the pod's IPv4 address (without prefix), or "" when the result has none. */
  String add(CniNetwork net, Pod pod) {
    JsonNode prev = null;
    try {
      for (ObjectNode plugin : net.plugins()) {
        prev = run("ADD", net, plugin, pod, prev);
      }
    } catch (RuntimeException e) {
      // the spec's rule for a failed ADD: DEL through the whole list, so that what the first
      // plugins made (an address of host-local, a veth) is released
      List<ObjectNode> plugins = net.plugins();
      for (int i = plugins.size() - 1; i >= 0; i--) {
        try {
          run("DEL", net, plugins.get(i), pod, prev);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    ObjectNode cache = CniNetwork.JSON.createObjectNode();
    cache.set("config", net.list());
    cache.set("result", prev);
    try {
      Files.createDirectories(cacheDir);
      io.berth.common.AtomicFiles.write(cacheDir.resolve(pod.id() + ".json"),
          CniNetwork.JSON.writeValueAsBytes(cache));
    } catch (IOException e) {
      throw BerthException.internal("save cni result of " + pod.id() + ": " + Messages.of(e), e);
    }
    return ip(prev);
  }

  /** The address ADD gave the pod, from the cache; "" when unknown. */
  String cachedIp(String podId) {
    JsonNode c = cached(podId);
    return c == null ? "" : ip(c.path("result"));
  }

  /** DEL with the network and result ADD used; nothing cached is nothing to do. */
  void delete(Pod pod) {
    JsonNode c = cached(pod.id());
    if (c == null) {
      return;
    }
    CniNetwork net = new CniNetwork((ObjectNode) c.path("config"));
    JsonNode prev = c.path("result").isMissingNode() || c.path("result").isNull()
        ? null : c.path("result");
    List<ObjectNode> plugins = net.plugins();
    for (int i = plugins.size() - 1; i >= 0; i--) {
      run("DEL", net, plugins.get(i), pod, prev);
    }
    try {
      Files.deleteIfExists(cacheDir.resolve(pod.id() + ".json"));
    } catch (IOException e) {
      throw BerthException.internal("remove cni cache of " + pod.id() + ": " + Messages.of(e), e);
    }
  }

  private JsonNode cached(String podId) {
    Path f = cacheDir.resolve(podId + ".json");
    try {
      return Files.exists(f) ? CniNetwork.JSON.readTree(Files.readAllBytes(f)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private JsonNode run(String command, CniNetwork net, ObjectNode plugin, Pod pod,
      JsonNode prev) {
    String type = plugin.path("type").asText();
    Path exe = binDir.resolve(type);
    if (type.isEmpty() || type.contains("/") || !Files.isExecutable(exe)) {
      throw new BerthException.Unavailable("failed to find plugin \"" + type + "\" in path ["
          + binDir + "]", null);
    }
    ObjectNode conf = plugin.deepCopy();
    conf.put("cniVersion", net.cniVersion());
    conf.put("name", net.name());
    if (prev != null) {
      conf.set("prevResult", prev);
    }
    // a mapping without a host port publishes nothing (as containerd skips it; portmap
    // refuses host port 0)
    List<PortMapping> ports = pod.ports().stream().filter(p -> p.getHostPort() > 0).toList();
    if (plugin.path("capabilities").path("portMappings").asBoolean(false)
        && !ports.isEmpty()) {
      ArrayNode maps = conf.putObject("runtimeConfig").putArray("portMappings");
      for (PortMapping p : ports) {
        ObjectNode m = maps.addObject();
        m.put("hostPort", p.getHostPort());
        m.put("containerPort", p.getContainerPort());
        m.put("protocol", p.getProtocol().name().toLowerCase(java.util.Locale.ROOT));
        if (!p.getHostIp().isEmpty()) {
          m.put("hostIP", p.getHostIp());
        }
      }
    }
    ProcessBuilder pb = new ProcessBuilder(exe.toString()).redirectErrorStream(false);
    var env = pb.environment();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", pod.id());
    env.put("CNI_NETNS", pod.netns().toString());
    env.put("CNI_IFNAME", IFNAME);
    env.put("CNI_PATH", binDir.toString());
    env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + pod.namespace()
        + ";K8S_POD_NAME=" + pod.name() + ";K8S_POD_INFRA_CONTAINER_ID=" + pod.id());
    try {
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        in.write(CniNetwork.JSON.writeValueAsBytes(conf));
      }
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw BerthException.internal("cni plugin " + type + " " + command + " timed out", null);
      }
      if (p.exitValue() != 0) {
        String msg = new String(out, StandardCharsets.UTF_8).trim();
        try {
          JsonNode e = CniNetwork.JSON.readTree(out);
          msg = e.path("msg").asText(msg) + (e.hasNonNull("details")
              ? ": " + e.path("details").asText() : "");
        } catch (IOException ignored) {
          // not JSON: the raw output is the message
        }
        throw BerthException.internal("plugin type=\"" + type + "\" name=\"" + net.name()
            + "\" failed (" + command.toLowerCase(java.util.Locale.ROOT) + "): " + msg
            + (err.length > 0 ? " " + new String(err, StandardCharsets.UTF_8).trim() : ""), null);
      }
      if (!command.equals("ADD")) {
        return null;
      }
      return CniNetwork.JSON.readTree(out);
    } catch (IOException e) {
      throw BerthException.internal("cni plugin " + type + " " + command + ": " + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("cni plugin " + type + " interrupted", e);
    }
  }

  /** The first IPv4 address of a result (CNI 0.3+ {@code ips}, or 0.2's {@code ip4}). */
  static String ip(JsonNode result) {
    if (result == null) {
      return "";
    }
    for (JsonNode ip : result.path("ips")) {
      String a = ip.path("address").asText();
      if (!a.contains(":")) {
        return a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
      }
    }
    String a = result.path("ip4").path("ip").asText();
    return a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
  }
}
