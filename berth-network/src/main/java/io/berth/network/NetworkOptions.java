package io.berth.network;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's network settings (dockerd's flags and daemon.json keys where Docker has them).
 *
 * @param root persistent state ({@code <root>/network/...})
 * @param execRoot per-boot state ({@code <exec-root>/netns/<id>})
 * @param table berth's nftables table ({@code ip} family), {@code --nft-table}
 * @param bridge the default bridge's interface ({@code --bridge}, default {@code berth0});
 *     {@code none} = no default bridge network
 * @param bip the default bridge's address and prefix ({@code --bip 172.17.0.1/16}); null = the
 *     first free subnet of {@code pools}
 * @param pools {@code default-address-pools}; empty = Docker's defaults
 * @param mtu the MTU of bridges and veths ({@code --mtu}, default 1500)
 * @param ipForward whether berth may turn on {@code net.ipv4.ip_forward} ({@code --ip-forward})
 * @param hostResolvConf the host's resolv.conf, for the embedded DNS's upstream servers
 * @param dnsPort the port containers ask the embedded DNS on (53; the resolver's own sockets
 *     take random ports that 53 is redirected to, ADR 112)
 * @param ipv6 IPv6 on the default bridge ({@code --ipv6})
 * @param fixedCidrV6 the default bridge's IPv6 subnet ({@code --fixed-cidr-v6}); needed with
 *     {@code ipv6}
 */
public record NetworkOptions(Path root, Path execRoot, String table, String bridge, String bip,
    List<AddressPools.Pool> pools, int mtu, boolean ipForward, Path hostResolvConf,
    int dnsPort, boolean ipv6, String fixedCidrV6) {

  public NetworkOptions(Path root, Path execRoot, String table, String bridge, String bip,
      List<AddressPools.Pool> pools, int mtu, boolean ipForward, Path hostResolvConf,
      int dnsPort) {
    this(root, execRoot, table, bridge, bip, pools, mtu, ipForward, hostResolvConf, dnsPort,
        false, null);
  }

  public static final String DEFAULT_BRIDGE = "berth0";
  public static final String DEFAULT_TABLE = "berth";
}
