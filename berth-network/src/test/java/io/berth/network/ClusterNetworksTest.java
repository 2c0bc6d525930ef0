package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Tier 1: two hosts' network layers sharing one in-memory cluster store (ADR 0124): global
 * networks, cluster-wide addresses, the VXLAN peers each host programs, names across hosts,
 * leases that expire, and network rm refused while any host has an endpoint. No kernel.
 */
class ClusterNetworksTest {
  @TempDir Path dir;
  final MemoryClusterStore store = new MemoryClusterStore();
  Host a;
  Host b;

  /** One host: its service on recording fakes, and its VXLAN devices. */
  record Host(NetworkService svc, RecordingLinks links, RecordingVxlan vxlan,
      LoopbackSockets sockets, Path netns) {}

  @BeforeEach
  void start() throws Exception {
    a = host("a", "192.0.2.10");
    b = host("b", "192.0.2.11");
  }

  @AfterEach
  void stop() {
    a.svc().close();
    b.svc().close();
  }

  private Host host(String name, String address) throws Exception {
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    Path resolv = d.resolve("resolv.conf");
    Files.writeString(resolv, "");
    RecordingLinks links = new RecordingLinks();
    RecordingVxlan vxlan = new RecordingVxlan(links);
    LoopbackSockets sockets = new LoopbackSockets();
    NetworkOptions opts = new NetworkOptions(d.resolve("root"), d.resolve("exec"), "t", "t0",
        "10.9.0.1/24", List.of(new AddressPools.Pool("10.10.0.0/16", 24)), 1500, false, resolv,
        53);
    Files.createDirectories(opts.root().resolve("network"));
    ClusterNetworks cluster = new ClusterNetworks(store, new ClusterNetworks.Options(address,
        "host-" + name, 15), opts.root().resolve("network"), vxlan);
    NetworkService svc = new NetworkService(opts, links, new RecordingFirewall(),
        new FakeNamespaces(d.resolve("netns")), sockets, HostPorts.NONE, cluster);
    svc.start();
    svc.hostUpstreams(List.of());
    return new Host(svc, links, vxlan, sockets, d.resolve("netns"));
  }

  private static CreateNetwork overlay(String name) {
    return new CreateNetwork(name, "overlay", null, List.of(), false, false, false, false, "",
        null, true, Map.of(), Map.of());
  }

  private static void run(Host h, char c, String name, String network, List<String> aliases) {
    String id = String.valueOf(c).repeat(64);
    h.svc().plan(new ContainerNetworking.PlanRequest(id, "/" + name, network,
        Map.of(network, new ContainerNetworking.EndpointRequest(aliases, null)), Map.of(),
        false, List.of(), null));
    h.svc().setUp(id, null);
  }

  @Test
  void anOverlayNetworkMadeOnOneHostIsGlobalOnEveryHostWithOneVni() throws Exception {
    NetworkRecord n = a.svc().create(overlay("ov")).network();
    b.svc().syncCluster();

    NetworkRecord seen = b.svc().get("ov");
    assertThat(seen.id()).isEqualTo(n.id());
    assertThat(seen.subnet()).isEqualTo("10.0.0.0/24");
    assertThat(seen.options()).containsEntry(OverlayCreation.VNI_OPTION, "4096");
    assertThat(b.svc().scope(seen)).isEqualTo("global");
    assertThat(b.svc().scope(b.svc().get("bridge"))).isEqualTo("local");
    String vx = "vx-" + n.id().substring(0, 12);
    assertThat(a.vxlan().calls).contains("ensure ov-" + n.id().substring(0, 12)
        + " 10.0.0.1/24 " + vx + " 4096 192.0.2.10");
    assertThat(b.vxlan().calls).contains("ensure ov-" + n.id().substring(0, 12)
        + " 10.0.0.1/24 " + vx + " 4096 192.0.2.11");

    assertThat(Files.readAllLines(dir.resolve("b/root/network/cluster-links")))
        .containsExactly(n.bridge(), vx); // for berthd --cleanup

    NetworkRecord second = b.svc().create(overlay("ov2")).network();
    assertThat(second.subnet()).isEqualTo("10.0.1.0/24");
    assertThat(second.options()).containsEntry(OverlayCreation.VNI_OPTION, "4097");
    assertThatThrownBy(() -> b.svc().create(overlay("ov")))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("network with name ov already exists");
  }

  @Test
  void containersOnTwoHostsGetClusterWideAddressesPeersAndEachOthersNames() throws Exception {
    NetworkRecord n = a.svc().create(overlay("ov")).network();
    b.svc().syncCluster();
    run(a, 'a', "web", "ov", List.of("www"));
    run(b, 'b', "client", "ov", List.of());
    a.svc().syncCluster();
    b.svc().syncCluster();

    LinkDriver.Veth web = a.links().attached.getLast();
    LinkDriver.Veth client = b.links().attached.getLast();
    assertThat(web.ipCidr()).isEqualTo("10.0.0.2/24");
    assertThat(web.mac()).isEqualTo("02:42:0a:00:00:02");
    assertThat(client.ipCidr()).isEqualTo("10.0.0.3/24");
    assertThat(client.bridge()).isEqualTo(n.bridge());
    String vx = OverlayCreation.vxlanName(n.id());
    assertThat(b.vxlan().peers.get(vx)).containsExactly(
        new VxlanLinks.Peer("10.0.0.2", "02:42:0a:00:00:02", "192.0.2.10"));
    assertThat(a.vxlan().peers.get(vx)).containsExactly(
        new VxlanLinks.Peer("10.0.0.3", "02:42:0a:00:00:03", "192.0.2.11"));
    assertThat(b.svc().peers(n.id())).containsExactlyInAnyOrder(
        new NetworkService.Peer("host-a", "192.0.2.10"),
        new NetworkService.Peer("host-b", "192.0.2.11"));

    int port = b.sockets().udpPorts.get(b.netns().resolve("b".repeat(64)));
    assertThat(ask(port, "web.")).isEqualTo("10.0.0.2");
    assertThat(ask(port, "www.ov.")).isEqualTo("10.0.0.2");

    a.svc().forget("a".repeat(64));
    // the veth's host end is in the network's namespace: removed there, not in the daemon's
    assertThat(a.vxlan().calls).contains("detach " + vx + " " + web.hostVeth());
    b.svc().syncCluster();
    assertThat(ask(port, "web.")).isNull();
    assertThat(b.vxlan().peers.get(vx)).isEmpty();
  }

  @Test
  void aStaticAddressTakenOnAnotherHostIsRefused() {
    a.svc().create(overlay("ov"));
    b.svc().syncCluster();
    run(a, 'a', "web", "ov", List.of());
    String id = "b".repeat(64);
    b.svc().plan(new ContainerNetworking.PlanRequest(id, "/c", "ov",
        Map.of("ov", new ContainerNetworking.EndpointRequest(List.of(), "10.0.0.2")), Map.of(),
        false, List.of(), null));
    assertThatThrownBy(() -> b.svc().setUp(id, null))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessageContaining("Address already in use: 10.0.0.2");
  }

  @Test
  void aHostWhoseLeaseExpiresLosesItsEndpointsElsewhereAndPublishesThemAgainOnReturn()
      throws Exception {
    NetworkRecord n = a.svc().create(overlay("ov")).network();
    b.svc().syncCluster();
    run(a, 'a', "web", "ov", List.of());
    b.svc().syncCluster();
    String vx = OverlayCreation.vxlanName(n.id());
    assertThat(b.vxlan().peers.get(vx)).hasSize(1);

    long leaseOfA = store.range(ClusterKeys.ENDPOINTS).kvs().getFirst().lease();
    store.expire(leaseOfA);
    b.svc().syncCluster();
    assertThat(b.vxlan().peers.get(vx)).isEmpty();
    assertThat(b.svc().peers(n.id())).isEmpty();

    a.svc().close(); // a comes back (live restore): its running container is published again
    a = host("a", "192.0.2.10");
    assertThat(a.svc().adopt(java.util.Set.of("a".repeat(64)))).isEmpty();
    b.svc().syncCluster();
    assertThat(b.vxlan().peers.get(vx)).containsExactly(
        new VxlanLinks.Peer("10.0.0.2", "02:42:0a:00:00:02", "192.0.2.10"));
    assertThat(store.range(ClusterKeys.ENDPOINTS).kvs().getFirst().lease())
        .isNotEqualTo(leaseOfA).isIn(store.liveLeases());
  }

  @Test
  void aHostStartsWithoutTheStoreAndJoinsWhenItAnswers() throws Exception {
    NetworkRecord n = a.svc().create(overlay("ov")).network();
    run(a, 'a', "web", "ov", List.of());
    a.svc().close();
    b.svc().close();
    store.down = true;
    store.liveLeases().forEach(store::expire);
    a = host("a", "192.0.2.10"); // starts, running container and all, with no store
    b = host("b", "192.0.2.11");
    assertThat(a.svc().adopt(java.util.Set.of("a".repeat(64)))).isEmpty();
    assertThat(b.svc().create(CreateNetwork.bridge("local", null, null, false)).network()
        .subnet()).isEqualTo("10.10.0.0/24");
    assertThatThrownBy(() -> b.svc().get("ov")).isInstanceOf(BerthException.NotFound.class);

    store.down = false;
    a.svc().syncCluster();
    b.svc().syncCluster();
    assertThat(b.svc().get("ov").id()).isEqualTo(n.id());
    assertThat(b.vxlan().peers.get(OverlayCreation.vxlanName(n.id()))).containsExactly(
        new VxlanLinks.Peer("10.0.0.2", "02:42:0a:00:00:02", "192.0.2.10"));
  }

  @Test
  void networkRmIsRefusedWhileAnyHostHasAnEndpointOnIt() {
    NetworkRecord n = a.svc().create(overlay("ov")).network();
    b.svc().syncCluster();
    run(a, 'a', "web", "ov", List.of());
    assertThatThrownBy(() -> b.svc().remove("ov"))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessage("error while removing network: network ov id " + n.id()
            + " has active endpoints (on host-a)");

    a.svc().forget("a".repeat(64));
    b.svc().remove("ov");
    a.svc().syncCluster();
    assertThatThrownBy(() -> a.svc().get("ov")).isInstanceOf(BerthException.NotFound.class);
    assertThat(a.vxlan().calls.getLast()).isEqualTo("delete " + n.bridge() + " "
        + OverlayCreation.vxlanName(n.id()));
    assertThat(store.range(ClusterKeys.ROOT).kvs()).isEmpty();
  }

  @Test
  void encryptedOverlaysAreRefused() {
    CreateNetwork enc = new CreateNetwork("sec", "overlay", null, List.of(), false, false,
        false, false, "", null, true, Map.of(), Map.of("encrypted", ""));
    assertThatThrownBy(() -> a.svc().create(enc)).isInstanceOf(
        BerthException.InvalidArgument.class).hasMessageContaining("not encrypted");
  }

  /** The A answer's address, or null when there is none. */
  private static String ask(int port, String name) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
    byte[] wire = q.toWire();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      s.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
      byte[] buf = new byte[4096];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      Message r = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      List<Record> answers = r.getSection(Section.ANSWER);
      return answers.isEmpty() ? null : ((ARecord) answers.getFirst()).getAddress()
          .getHostAddress();
    }
  }
}
