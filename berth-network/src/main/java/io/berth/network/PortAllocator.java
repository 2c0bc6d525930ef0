package io.berth.network;

import io.berth.common.BerthException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Host ports for published container ports. A port is free when berth has not published it
 * and nothing on the host listens on it (checked by binding it for a moment: with DNAT no
 * process of berth holds it, so a host program that binds it later shadows only itself). Random
 * ports come from the kernel's ephemeral range, starting at a random place in it so that
 * daemons side by side seldom pick the same one.
 */
final class PortAllocator {
  private PortAllocator() {}

  /**
   * Resolves a HostPort spec: {@code ""} (random), {@code "8080"} or {@code "8000-8010"}.
   *
   * @param taken {@code proto/port} pairs berth has published already
   */
  static int allocate(String proto, String hostIp, String spec, Set<String> taken) {
    if (spec == null || spec.isEmpty() || spec.equals("0")) {
      int[] range = ephemeralRange();
      int n = range[1] - range[0] + 1;
      int start = ThreadLocalRandom.current().nextInt(n);
      for (int i = 0; i < n; i++) {
        int port = range[0] + (start + i) % n;
        if (!taken.contains(proto + "/" + port) && bindable(proto, hostIp, port)) {
          return port;
        }
      }
      throw BerthException.internal("no free host port for " + proto, null);
    }
    int lo;
    int hi;
    try {
      int dash = spec.indexOf('-');
      lo = Integer.parseInt(dash < 0 ? spec : spec.substring(0, dash));
      hi = dash < 0 ? lo : Integer.parseInt(spec.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid hostPort: " + spec);
    }
    if (lo < 1 || hi > 65535 || lo > hi) {
      throw BerthException.invalid("invalid hostPort: " + spec);
    }
    for (int port = lo; port <= hi; port++) {
      if (!taken.contains(proto + "/" + port) && bindable(proto, hostIp, port)) {
        return port;
      }
    }
    String where = (hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + spec;
    throw BerthException.conflict("Bind for " + where + " failed: port is already allocated");
  }

  /**
   * The host ports for a starting container: its PortBindings (and with {@code -P} its exposed
   * ports, on random host ports).
   *
   * @param all every container berth knows, whose published ports are taken
   */
  static List<ContainerNet.PortMapping> resolve(ContainerNet c,
      java.util.Collection<ContainerNet> all) {
    Set<String> taken = new HashSet<>();
    for (ContainerNet o : all) {
      o.ports().forEach(p -> taken.add(p.proto() + "/" + p.hostPort()));
    }
    Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>(c.portBindings());
    if (c.publishAll()) {
      for (String exposed : c.exposedPorts()) {
        bindings.putIfAbsent(exposed, List.of(Map.of("HostIp", "", "HostPort", "")));
      }
    }
    List<ContainerNet.PortMapping> out = new ArrayList<>();
    for (Map.Entry<String, List<Map<String, String>>> e : bindings.entrySet()) {
      PortKey key = PortKey.parse(e.getKey());
      for (Map<String, String> b : e.getValue() == null ? List.<Map<String, String>>of()
          : e.getValue()) {
        // an IPv6 host address is served by the IPv6 relay (LoopbackProxies, ADR 0116)
        String hostIp = b.getOrDefault("HostIp", "");
        int hostPort = allocate(key.proto(), hostIp, b.get("HostPort"), taken);
        taken.add(key.proto() + "/" + hostPort);
        out.add(new ContainerNet.PortMapping(key.proto(), key.port(),
            hostIp.isEmpty() ? "0.0.0.0" : hostIp, hostPort));
      }
    }
    return out;
  }

  private static boolean bindable(String proto, String hostIp, int port) {
    try {
      InetAddress a = InetAddress.getByName(hostIp == null || hostIp.isEmpty() ? "0.0.0.0"
          : hostIp);
      if (proto.equals("udp")) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, port))) {
          return true;
        }
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(a, port));
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static int[] ephemeralRange() {
    try {
      String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip()
          .split("\\s+");
      return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32768, 60999};
    }
  }
}
