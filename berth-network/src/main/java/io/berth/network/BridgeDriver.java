package io.berth.network;

import io.berth.common.BerthException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Linux bridges and veth pairs through iproute2. A container's endpoint is a veth pair: one end
 * named {@code eth0} (or {@code eth1}...) inside its namespace with the address and a default
 * route through the bridge, the other end on the host, enslaved to the bridge.
 */
public final class BridgeDriver {
  private static final Logger LOG = Logger.getLogger(BridgeDriver.class.getName());

  private final Netns netns;
  private final int mtu;

  public BridgeDriver(Netns netns, int mtu) {
    this.netns = netns;
    this.mtu = mtu;
  }

  public static boolean linkExists(String name) {
    return Files.exists(Path.of("/sys/class/net", name));
  }

  /**
   * Makes the bridge with the gateway address when it is missing (idempotent: start-up calls it
   * for every network), and sets {@code route_localnet} on it so that DNAT from
   * {@code 127.0.0.1} to a container is routed (kernel: ip-sysctl.rst, route_localnet).
   */
  public void ensureBridge(String name, String gatewayCidr) {
    if (!linkExists(name)) {
      Command.run("link add " + name + " type bridge\n"
          + "link set " + name + " mtu " + mtu + "\n"
          + "addr add " + gatewayCidr + " dev " + name + "\n"
          + "link set " + name + " up\n", "ip", "-batch", "-");
    } else if (!Command.run(null, "ip", "-4", "-o", "addr", "show", "dev", name)
        .contains(" " + gatewayCidr + " ")) {
      Command.tryRun(null, "ip", "addr", "add", gatewayCidr, "dev", name);
      Command.tryRun(null, "ip", "link", "set", name, "up");
    }
    try {
      Files.writeString(Path.of("/proc/sys/net/ipv4/conf", name, "route_localnet"), "1\n");
    } catch (java.io.IOException e) {
      throw BerthException.internal("set route_localnet on " + name + ": " + e.getMessage(), e);
    }
  }

  public void deleteBridge(String name) {
    if (linkExists(name)) {
      Command.tryRun(null, "ip", "link", "del", name);
    }
  }

  /**
   * Adds a veth pair between the namespace and the bridge: the host end enslaved and up, the
   * container end with its address, MAC and default route. One shell runs both {@code ip}
   * batches, so the daemon starts one process instead of two. A failure removes the host end
   * (which takes its peer with it).
   */
  public void attach(Path ns, String bridge, String hostVeth, String ifName, String ipCidr,
      String gateway, String mac) {
    StringBuilder in = new StringBuilder()
        .append("link set lo up\n")
        .append("link set ").append(ifName).append(" address ").append(mac).append('\n')
        .append("addr add ").append(ipCidr).append(" dev ").append(ifName).append('\n')
        .append("link set ").append(ifName).append(" up\n");
    if (gateway != null) {
      in.append("route add default via ").append(gateway).append(" dev ").append(ifName)
          .append('\n');
    }
    String host = "link add " + hostVeth + " mtu " + mtu + " type veth peer name " + ifName
        + " mtu " + mtu + " netns " + ns + "\n"
        + "link set " + hostVeth + " master " + bridge + "\n"
        + "link set " + hostVeth + " up\n";
    String script = "ip -batch - <<'HOST'\n" + host + "HOST\n"
        + "nsenter --net='" + ns + "' ip -batch - <<'CONTAINER'\n" + in + "CONTAINER\n";
    try {
      Command.run(null, "sh", "-ec", script);
    } catch (RuntimeException e) {
      detach(hostVeth);
      throw e;
    }
  }

  /** Removes the host end of a veth pair (the kernel removes its peer); absent is fine. */
  public void detach(String hostVeth) {
    if (linkExists(hostVeth)) {
      Command.Result r = Command.tryRun(null, "ip", "link", "del", hostVeth);
      if (r.code() != 0 && linkExists(hostVeth)) {
        LOG.log(Level.WARNING, "delete veth " + hostVeth + ": " + r.err().strip());
      }
    }
  }

  /** Brings up {@code lo} only (network mode none). */
  public void loopbackOnly(Path ns) {
    netns.ipBatch(ns, "link set lo up\n");
  }
}
