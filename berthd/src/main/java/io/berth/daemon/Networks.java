package io.berth.daemon;

import io.berth.common.Messages;
import io.berth.network.AddressPools;
import io.berth.network.ClusterNetworks;
import io.berth.network.ClusterStore;
import io.berth.network.EtcdClient;
import io.berth.network.HostPorts;
import io.berth.network.SlirpHostPorts;
import io.berth.network.NetnsResolverSockets;
import io.berth.network.NetworkOptions;
import io.berth.network.NetworkService;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts networking: networks, bridges, the nftables table (rewritten, so a table another tool
 * flushed is repaired at start-up) and the DNS servers; then checks the table every 10 s and
 * puts it back when a firewall reload removed it.
 */
final class Networks {
  private static final System.Logger LOG = System.getLogger("berthd");

  private Networks() {}

  static NetworkService start(DaemonConfig config, io.berth.sys.Syscalls sys) {
    DaemonConfig.Network n = config.network();
    NetworkService svc = NetworkService.onHost(new NetworkOptions(config.root(), config.execRoot(),
        n.nftTable(), n.bridge(), n.bip(), n.pools().stream()
            .map(p -> new AddressPools.Pool(p.base(), p.size())).toList(), n.mtu(),
        n.ipForward(), Path.of("/etc/resolv.conf"), 53, n.ipv6(), n.fixedCidrV6()),
        new NetnsResolverSockets(sys),
        config.rootless() ? new SlirpHostPorts(config.rootlessPortApi()) : HostPorts.NONE,
        store(n.cluster()), n.cluster() == null ? null : new ClusterNetworks.Options(
            n.cluster().advertise(), HostFacts.readTrim(Path.of("/proc/sys/kernel/hostname"),
            "localhost"), n.cluster().leaseTtl()), sys);
    svc.start();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nft-check");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        svc.repairFirewall();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "check nftables table " + n.nftTable() + ": " + Messages.of(e));
      }
    }, 10, 10, TimeUnit.SECONDS);
    return svc;
  }

  /** The etcd client of {@code --cluster-store}, or null without one. */
  private static ClusterStore store(ClusterConfig c) {
    return c == null ? null : new EtcdClient(c.endpoints(),
        c.tls() == null ? null : TlsListener.context(c.tls()));
  }
}
