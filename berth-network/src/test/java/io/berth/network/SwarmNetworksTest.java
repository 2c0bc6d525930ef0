package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.network.swarm.SwarmInit;
import io.berth.network.swarm.SwarmService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1: berth's single-node swarm and its networks against the recording link, firewall and
 * namespace fakes: init makes {@code ingress}, overlay networks are swarm-scoped, attachable ones
 * are served by a bridge, leave takes them all, the state survives a restart.
 */
class SwarmNetworksTest {
  @TempDir Path dir;
  RecordingLinks links;
  NetworkService svc;
  SwarmService swarm;

  @BeforeEach
  void start() throws Exception {
    links = new RecordingLinks();
    svc = service();
    swarm = new SwarmService(dir.resolve("root"), svc);
  }

  private NetworkService service() throws Exception {
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "");
    NetworkService s = new NetworkService(new NetworkOptions(dir.resolve("root"),
        dir.resolve("exec"), "t", "t0", "10.9.0.1/24",
        List.of(new AddressPools.Pool("10.10.0.0/16", 24)), 1500, false, resolv, 53), links,
        new RecordingFirewall(), new FakeNamespaces(dir.resolve("netns")),
        new LoopbackSockets());
    s.start();
    s.hostUpstreams(List.of());
    return s;
  }

  private static SwarmInit init() {
    return new SwarmInit("0.0.0.0:12377", "127.0.0.1", "", 0, List.of(), 0, "", Map.of());
  }

  private static CreateNetwork overlay(String name, boolean attachable, boolean ingress,
      String scope) {
    return new CreateNetwork(name, "overlay", null, List.of(), false, attachable, ingress, false,
        scope, null, true, Map.of(), Map.of());
  }

  private void plan(String id, String mode) {
    svc.plan(new ContainerNetworking.PlanRequest(id, "/c" + id.charAt(0), mode, Map.of(),
        Map.of(), false, List.of(), null));
  }

  @Test
  void withoutASwarmOverlayAndSwarmScopeAreRefusedAsDockerdRefusesThem() {
    assertThatThrownBy(() -> svc.create(overlay("o", false, false, "")))
        .isInstanceOf(BerthException.Internal.class)
        .hasMessageStartingWith("This node is not a swarm manager.");
    assertThatThrownBy(() -> svc.create(overlay("o", false, false, "swarm")))
        .isInstanceOf(BerthException.PermissionDenied.class);
    assertThatThrownBy(() -> swarm.leave(true)).isInstanceOf(BerthException.Unavailable.class)
        .hasMessage("This node is not part of a swarm");
  }

  @Test
  void initMakesTheIngressNetworkAndASecondInitIsRefused() {
    String node = swarm.init(init());
    assertThat(node).matches("[0-9a-z]{25}");
    assertThat(swarm.state().orElseThrow().nodeId()).isEqualTo(node);
    NetworkRecord ingress = svc.get("ingress");
    assertThat(ingress.driver()).isEqualTo("overlay");
    assertThat(ingress.scope()).isEqualTo("swarm");
    assertThat(ingress.ingress()).isTrue();
    assertThat(ingress.subnet()).isEqualTo("10.0.0.0/24");
    assertThat(ingress.bridge()).isNull(); // nothing attaches to it here
    assertThatThrownBy(() -> swarm.init(init())).isInstanceOf(BerthException.Unavailable.class)
        .hasMessageStartingWith("This node is already part of a swarm.");
  }

  @Test
  void inASwarmOverlayNetworksAreSwarmScopedAndCheckedAsSwarmkitChecksThem() {
    swarm.init(init());
    NetworkRecord o = svc.create(overlay("o", false, false, "")).network();
    assertThat(o.scope()).isEqualTo("swarm");
    assertThat(o.subnet()).isEqualTo("10.0.1.0/24");
    assertThat(o.options()).containsEntry(SwarmNetworks.VXLAN, "4097");
    assertThatThrownBy(() -> svc.create(overlay("o", false, false, "")))
        .isInstanceOf(BerthException.Conflict.class);
    assertThatThrownBy(() -> svc.create(overlay("i2", false, true, "")))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessageContaining("ingress network (" + svc.get("ingress").id()
            + ") is already present");
    assertThatThrownBy(() -> svc.create(overlay("ia", true, true, "")))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessageContaining("ingress network cannot be attachable");
    assertThatThrownBy(() -> svc.create(overlay("l", false, false, "local")))
        .isInstanceOf(BerthException.PermissionDenied.class)
        .hasMessage("cannot downgrade network scope for overlay networks");
    NetworkRecord local = svc.create(CreateNetwork.bridge("b", null, null, false)).network();
    assertThat(local.scope()).isEqualTo("local");

    assertThat(svc.prune(n -> true)).containsExactlyInAnyOrder("o", "b"); // not ingress
    svc.remove("ingress");
    assertThat(svc.create(overlay("i2", false, true, "")).network().ingress()).isTrue();
  }

  @Test
  void anAttachableNetworkIsServedByABridgeAndAnotherIsRefusedToContainers() {
    swarm.init(init());
    NetworkRecord att = svc.create(overlay("att", true, false, "swarm")).network();
    assertThat(att.bridge()).isEqualTo("br-" + att.id().substring(0, 12));
    assertThat(links.exists(att.bridge())).isTrue();
    svc.create(overlay("closed", false, false, "swarm"));

    assertThatThrownBy(() -> plan("b".repeat(64), "closed"))
        .hasMessage("Could not attach to network closed: rpc error: code = PermissionDenied"
            + " desc = network closed not manually attachable");
    plan("a".repeat(64), "att");
    ContainerNetworking.Attachment a = svc.setUp("a".repeat(64), null);
    assertThat(a.ip()).isEqualTo("10.0.1.2");
    assertThat(links.attached.getLast().bridge()).isEqualTo(att.bridge());
    assertThat(svc.containersOf(att.id())).containsKey("a".repeat(64));

    assertThatThrownBy(() -> swarm.leave(false)).isInstanceOf(BerthException.Unavailable.class)
        .hasMessageStartingWith("You are attempting to leave the swarm on a node that is"
            + " participating as a manager.");
    swarm.leave(true);
    assertThat(svc.list().stream().map(NetworkRecord::name)).containsExactly("bridge", "host",
        "none");
    assertThat(links.exists(att.bridge())).isFalse();
    assertThat(svc.view("a".repeat(64)).orElseThrow().networks()).isEmpty();
    assertThat(swarm.active()).isFalse();
  }

  @Test
  void theSwarmAndItsNetworksSurviveARestart() throws Exception {
    String node = swarm.init(init());
    String o = svc.create(overlay("o", true, false, "")).network().id();
    svc.close();

    NetworkService again = service();
    SwarmService swarmAgain = new SwarmService(dir.resolve("root"), again);
    assertThat(swarmAgain.state().orElseThrow().nodeId()).isEqualTo(node);
    assertThat(again.get("o").id()).isEqualTo(o);
    assertThat(again.get("o").scope()).isEqualTo("swarm");
    assertThat(again.get("ingress").ingress()).isTrue();
    again.close();

    // a crash inside leave: the state is gone, its networks are not
    Files.delete(dir.resolve("root").resolve("swarm").resolve("state.json"));
    NetworkService third = service();
    new SwarmService(dir.resolve("root"), third);
    assertThat(third.list().stream().map(NetworkRecord::name))
        .containsExactlyInAnyOrder("bridge", "host", "none");
  }
}
