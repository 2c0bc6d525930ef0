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
 * Tier 1: the network layer against recording fakes of the link, firewall and namespace
 * drivers and loopback DNS sockets — no root, no {@code ip}, no {@code nft}.
 */
class NetworkServiceTest {
  @TempDir Path dir;
  RecordingLinks links;
  RecordingFirewall firewall;
  FakeNamespaces namespaces;
  LoopbackSockets sockets;
  NetworkService svc;

  @BeforeEach
  void start() throws Exception {
    links = new RecordingLinks();
    firewall = new RecordingFirewall();
    namespaces = new FakeNamespaces(dir.resolve("netns"));
    sockets = new LoopbackSockets();
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "");
    svc = new NetworkService(new NetworkOptions(dir.resolve("root"), dir.resolve("exec"), "t",
        "t0", "10.9.0.1/24", List.of(new AddressPools.Pool("10.10.0.0/16", 24)), 1500, false,
        resolv, 53), links, firewall, namespaces, sockets);
    svc.start();
    svc.hostUpstreams(List.of()); // nothing leaves the test: other names are SERVFAIL
  }

  private void plan(String id, String name, String mode, List<String> aliases) {
    svc.plan(new ContainerNetworking.PlanRequest(id, "/" + name, mode,
        aliases == null ? Map.of() : Map.of(mode, new ContainerNetworking.EndpointRequest(
            aliases, null)), Map.of(), false, List.of(), null));
  }

  private static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  @Test
  void startMakesThePredefinedNetworksTheDefaultBridgeAndTheTable() {
    assertThat(svc.list().stream().map(NetworkRecord::name)).containsExactly("bridge", "host",
        "none");
    assertThat(links.calls).containsExactly("ensureBridge t0 10.9.0.1/24");
    assertThat(firewall.last().bridges()).containsExactly(
        new FirewallState.Bridge("t0", "10.9.0.0/24", false));
  }

  @Test
  void aFailedCreateLeavesNoBridgeAndNoRecord() {
    firewall.failNext = BerthException.internal("nft failed", null);
    assertThatThrownBy(() -> svc.create(CreateNetwork.bridge("app", null, null, false)))
        .hasMessage("nft failed");
    assertThat(svc.list()).hasSize(3);
    assertThat(links.calls.getLast()).startsWith("deleteBridge br-");
    assertThat(links.links.keySet()).containsExactly("t0");
  }

  @Test
  void aContainerOnAUserNetworkGetsAnAddressAndAnEmbeddedDnsThatAnswersItsPeers()
      throws Exception {
    NetworkRecord app = svc.create(CreateNetwork.bridge("app", null, null, false)).network();
    assertThat(app.subnet()).isEqualTo("10.10.0.0/24");
    plan(id('a'), "web", "app", List.of("www"));
    plan(id('b'), "client", "app", null);
    svc.setUp(id('a'), null);
    ContainerNetworking.Attachment client = svc.setUp(id('b'), null);

    assertThat(client.ip()).isEqualTo("10.10.0.3");
    assertThat(client.nameservers()).containsExactly("127.0.0.11");
    LinkDriver.Veth veth = links.attached.getLast();
    assertThat(veth.ipCidr()).isEqualTo("10.10.0.3/24");
    assertThat(veth.gateway()).isEqualTo("10.10.0.1");
    assertThat(veth.nsRules()).contains("ip daddr 127.0.0.11 udp dport 53 dnat to 127.0.0.11:");
    int port = sockets.udpPorts.get(dir.resolve("netns").resolve(id('b')));
    assertThat(ask(port, "www.")).isEqualTo("10.10.0.2");
    assertThat(ask(port, "web.app.")).isEqualTo("10.10.0.2");

    svc.tearDown(id('a'));
    assertThat(ask(port, "web.")).isNull(); // not local any more, and no upstream
    assertThat(namespaces.live).containsExactly(id('b'));
  }

  @Test
  void aFailedSetUpLeavesNoNamespaceEndpointOrResolver() {
    svc.create(CreateNetwork.bridge("app", null, null, false));
    plan(id('c'), "c", "app", null);
    links.failAttach = BerthException.internal("ip failed", null);
    assertThatThrownBy(() -> svc.setUp(id('c'), null)).hasMessage("ip failed");
    assertThat(namespaces.live).isEmpty();
    assertThat(svc.view(id('c')).orElseThrow().sandboxKey()).isEmpty();
    assertThat(svc.containersOf(svc.get("app").id())).isEmpty();
  }

  @Test
  void connectGivesTheNextInterfaceAndTheEmbeddedDnsDisconnectTakesThemAway() {
    NetworkRecord app = svc.create(CreateNetwork.bridge("app", null, null, false)).network();
    plan(id('d'), "d", "bridge", null);
    ContainerNetworking.Attachment a = svc.setUp(id('d'), null);
    assertThat(a.nameservers()).isNull();
    assertThat(links.attached.getLast().nsRules()).isNull();

    assertThat(svc.connect("app", id('d'), new ContainerNetworking.EndpointRequest(
        List.of("dee"), null))).isTrue();
    LinkDriver.Veth second = links.attached.getLast();
    assertThat(second.ifName()).isEqualTo("eth1");
    assertThat(second.gateway()).isNull(); // the default route stays on eth0
    assertThat(second.nsRules()).contains("dnat to 127.0.0.11:");
    assertThatThrownBy(() -> svc.connect("app", id('d'), null))
        .isInstanceOf(BerthException.PermissionDenied.class);
    assertThat(svc.containersOf(app.id())).containsKey(id('d'));

    svc.disconnect("app", id('d'));
    assertThat(links.calls.getLast()).isEqualTo("detach " + second.hostVeth());
    assertThat(svc.containersOf(app.id())).isEmpty();
  }

  @Test
  void anInternalNetworkPublishesNothingAndAnInUseNetworkStays() {
    svc.create(CreateNetwork.bridge("inside", null, null, true));
    svc.plan(new ContainerNetworking.PlanRequest(id('e'), "/e", "inside", Map.of(),
        Map.of("80/tcp", List.of(Map.of("HostIp", "", "HostPort", ""))), false, List.of(),
        null));
    svc.setUp(id('e'), null);
    assertThat(links.attached.getLast().gateway()).isNull();
    assertThat(firewall.last().ports()).isEmpty();
    assertThat(svc.view(id('e')).orElseThrow().ports()).isEmpty();
    assertThatThrownBy(() -> svc.remove("inside"))
        .isInstanceOf(BerthException.Conflict.class).hasMessageContaining("active endpoints");
  }

  @Test
  void aBridgeDeletedUnderTheServiceIsMadeAgainAtTheNextAttach() {
    links.links.remove("t0");
    plan(id('f'), "f", "bridge", null);
    svc.setUp(id('f'), null);
    assertThat(links.calls).contains("ensureBridge t0 10.9.0.1/24");
    assertThat(links.links).containsKey("t0");
  }

  /**
   * A container started by a berth whose DNS was on the gateway gets the embedded DNS when a
   * new berthd adopts it (and adopt names it, for its resolv.conf).
   */
  @Test
  void adoptGivesAContainerFromAnOlderBerthTheEmbeddedDns() throws Exception {
    svc.create(CreateNetwork.bridge("app", null, null, false));
    plan(id('g'), "g", "app", null);
    svc.setUp(id('g'), null);
    svc.close();
    NetworkStore store = new NetworkStore(dir.resolve("root"));
    ContainerNet legacy = store.loadContainers().stream()
        .filter(c -> c.containerId().equals(id('g'))).findFirst().orElseThrow();
    store.save(legacy.withDnsPorts(List.of()));

    NetworkService again = new NetworkService(new NetworkOptions(dir.resolve("root"),
        dir.resolve("exec"), "t", "t0", "10.9.0.1/24", List.of(), 1500, false,
        dir.resolve("resolv.conf"), 53), links, firewall, namespaces, sockets);
    again.start();
    again.hostUpstreams(List.of());
    assertThat(again.adopt(java.util.Set.of(id('g')))).containsExactly(id('g'));
    assertThat(links.calls.getLast()).startsWith("nft in " + id('g')
        + ": ip daddr 127.0.0.11 udp dport 53 dnat to 127.0.0.11:");
    int port = sockets.udpPorts.get(dir.resolve("netns").resolve(id('g')));
    assertThat(ask(port, "g.")).isEqualTo("10.10.0.2");
    assertThat(again.adopt(java.util.Set.of(id('g')))).isEmpty(); // a second time: served
    again.close();
  }

  @Test
  void aTornDownVethKeepsItsAddressUntilItIsGoneAndStartUpRemovesOnesNoRecordNames()
      throws Exception {
    java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
    namespaces.linkGate = slow;
    plan(id('a'), "a", "bridge", null);
    String first = svc.setUp(id('a'), null).ip();
    String vethA = links.attached.getLast().hostVeth();
    svc.tearDown(id('a')); // answers while the veth's removal still runs
    assertThat(namespaces.live).doesNotContain(id('a'));
    plan(id('b'), "b", "bridge", null);
    assertThat(svc.setUp(id('b'), null).ip()).isNotEqualTo(first);
    String vethB = links.attached.getLast().hostVeth();
    assertThat(svc.linksLeaving()).containsExactly(vethA);
    slow.countDown();
    for (int i = 0; i < 500 && !svc.linksLeaving().isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertThat(namespaces.linksDeleted).containsExactly(vethA);
    plan(id('c'), "c", "bridge", null);
    assertThat(svc.setUp(id('c'), null).ip()).isEqualTo(first);

    // a crash between a teardown and its veth's removal: the next start-up removes it
    links.strays.put("vethdead000", "t0");
    svc.close();
    NetworkService again = new NetworkService(new NetworkOptions(dir.resolve("root"),
        dir.resolve("exec"), "t", "t0", "10.9.0.1/24", List.of(), 1500, false,
        dir.resolve("resolv.conf"), 53), links, firewall, namespaces, sockets);
    again.start();
    assertThat(namespaces.linksDeleted).contains("vethdead000")
        .doesNotContain(vethB, links.attached.getLast().hostVeth());
    again.close();
  }

  @Test
  void anAutoRemoveContainersRecordIsWrittenAndItsAddressFreedAsAnyOther() {
    svc.plan(new ContainerNetworking.PlanRequest(id('r'), "/r", "bridge", Map.of(), Map.of(),
        false, List.of(), null, null, true));
    assertThat(svc.setUp(id('r'), null).ip()).isEqualTo("10.9.0.2");
    assertThat(new NetworkStore(dir.resolve("root")).loadContainers())
        .anyMatch(c -> c.containerId().equals(id('r')) && c.running());
    svc.forget(id('r'));
    assertThat(new NetworkStore(dir.resolve("root")).loadContainers())
        .noneMatch(c -> c.containerId().equals(id('r')));
  }

  /** The A answer's address, or null when there is none (SERVFAIL, timeout). */
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
