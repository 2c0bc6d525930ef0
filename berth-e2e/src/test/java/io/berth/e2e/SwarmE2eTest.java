package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: berth's single-node swarm for networks (ADR 0115) through the docker CLI and
 * docker-py, as docker-py's own network tests use it: init, the ingress network, overlay
 * networks with Scope swarm, Attachable and Ingress, inspect by scope, leave, a restart.
 */
class SwarmE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeNetworking();
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterEach
  void leave() throws Exception {
    if (daemon != null) {
      for (String id : docker("ps", "-aq").out().split("\\s+")) {
        if (!id.isBlank()) {
          docker("rm", "-f", id);
        }
      }
      docker("swarm", "leave", "--force");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      docker("network", "prune", "-f");
      daemon.close();
    }
  }

  static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  @Test
  void theCliInitsASwarmWhoseOverlayNetworksContainersJoinWhenAttachable() throws Exception {
    Cmd.Result init = docker("swarm", "init", "--advertise-addr", "127.0.0.1",
        "--listen-addr", "127.0.0.1:12377");
    assertThat(init.code()).as(init.all()).isZero();
    String node = docker("info", "--format", "{{.Swarm.NodeID}}").out().strip();
    assertThat(init.out()).contains("Swarm initialized: current node (" + node
        + ") is now a manager.");
    assertThat(docker("info", "--format",
        "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}").out().strip())
        .isEqualTo("active true");
    Cmd.Result again = docker("swarm", "init", "--advertise-addr", "127.0.0.1");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("This node is already part of a swarm. Use \"docker swarm"
        + " leave\" to leave this swarm and join another one.");
    assertThat(docker("network", "inspect", "ingress", "--format",
        "{{.Driver}} {{.Scope}} {{.Ingress}} {{.Attachable}}").out().strip())
        .isEqualTo("overlay swarm true false");

    assertThat(docker("network", "create", "-d", "overlay", "--attachable", "att").code())
        .isZero();
    assertThat(docker("network", "create", "-d", "overlay", "closed").code()).isZero();
    assertThat(docker("network", "inspect", "att", "--format",
        "{{.Driver}} {{.Scope}} {{.Attachable}}").out().strip())
        .isEqualTo("overlay swarm true");
    String subnet = docker("network", "inspect", "att", "--format",
        "{{(index .IPAM.Config 0).Subnet}}").out().strip();
    assertThat(subnet).startsWith("10.0.").endsWith(".0/24");

    Cmd.Result peer = docker("run", "-d", "--name", "peer", "--network", "att", "busybox",
        "sleep", "60");
    assertThat(peer.code()).as(peer.all()).isZero();
    Cmd.Result ping = docker("run", "--rm", "--network", "att", "busybox", "ping", "-c", "1",
        "-W", "5", "peer");
    assertThat(ping.code()).as(ping.all()).isZero();
    assertThat(ping.out()).contains("1 packets received");
    Cmd.Result refused = docker("run", "--rm", "--network", "closed", "busybox", "true");
    assertThat(refused.code()).isEqualTo(125);
    assertThat(refused.err()).contains("Could not attach to network closed: rpc error: code ="
        + " PermissionDenied desc = network closed not manually attachable");

    Cmd.Result noForce = docker("swarm", "leave");
    assertThat(noForce.code()).isEqualTo(1);
    assertThat(noForce.err()).contains("You are attempting to leave the swarm on a node that is"
        + " participating as a manager.");
    Cmd.Result left = docker("swarm", "leave", "--force");
    assertThat(left.out()).as(left.all()).contains("Node left the swarm.");
    assertThat(docker("network", "ls", "--format", "{{.Name}}").out().split("\\s+"))
        .containsExactlyInAnyOrder("bridge", "host", "none");
    assertThat(docker("inspect", "peer", "--format", "{{.State.Running}} {{len"
        + " .NetworkSettings.Networks}}").out().strip()).isEqualTo("true 0");
    assertThat(docker("info", "--format", "{{.Swarm.LocalNodeState}}").out().strip())
        .isEqualTo("inactive");
    Cmd.Result overlay = docker("network", "create", "-d", "overlay", "o2");
    assertThat(overlay.err()).contains("This node is not a swarm manager.");
  }

  @Test
  void theSwarmAndItsNetworksOutliveARestart() throws Exception {
    assertThat(docker("swarm", "init", "--advertise-addr", "127.0.0.1").code()).isZero();
    String node = docker("info", "--format", "{{.Swarm.NodeID}}").out().strip();
    String net = docker("network", "create", "-d", "overlay", "--attachable", "kept").out()
        .strip();
    daemon.close();
    daemon = Berthd.start(dir.resolve("d"));
    assertThat(docker("info", "--format", "{{.Swarm.NodeID}} {{.Swarm.LocalNodeState}}")
        .out().strip()).isEqualTo(node + " active");
    assertThat(docker("network", "inspect", "kept", "--format", "{{.Id}} {{.Scope}}").out()
        .strip()).isEqualTo(net + " swarm");
  }

  /** What docker-py 5.0.3's api_network_test does with a swarm, through docker-py. */
  @Test
  void dockerPyMakesSwarmNetworksAndInspectsThemByScope() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c",
        "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = String.join("\n",
        "import docker",
        "c = docker.APIClient(base_url='" + daemon.host() + "')",
        "def scope(n, s):",
        "    try:",
        "        return c.inspect_network(n, scope=s)['Scope']",
        "    except docker.errors.NotFound:",
        "        return 'NotFound'",
        "print(len(c.init_swarm('127.0.0.1', listen_addr='0.0.0.0:12378')))",
        "print(c.inspect_swarm()['Spec']['Name'])",
        "loc = c.create_network('loc', scope='local')['Id']",
        "print(scope('loc', 'local'), scope('loc', 'global'), scope('loc', 'swarm'))",
        "sw = c.create_network('sw', driver='overlay', scope='swarm')['Id']",
        "print(scope('sw', 'swarm'), scope('sw', 'local'), scope('sw', None))",
        "a = c.create_network('a', driver='overlay', attachable=True)['Id']",
        "print(c.inspect_network(a)['Attachable'])",
        "c.remove_network('ingress')",
        "i = c.create_network('ing', driver='overlay', ingress=True)['Id']",
        "print(c.inspect_network(i)['Ingress'])",
        "print([n['Name'] for n in c.networks(filters={'scope': 'swarm'})] == ['sw', 'a', 'ing'])",
        "for n in (loc, sw, a, i):",
        "    c.remove_network(n)",
        "print(c.leave_swarm(force=True), c.leave_swarm(force=True))",
        "try:",
        "    c.inspect_swarm()",
        "except docker.errors.APIError as e:",
        "    print(e.response.status_code)");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("""
        25
        default
        local NotFound NotFound
        swarm NotFound swarm
        True
        True
        True
        True True
        503
        """);
  }
}
