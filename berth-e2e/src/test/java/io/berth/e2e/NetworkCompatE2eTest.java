package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, the networking second pass: network create and inspect as dockerd answers them
 * (docker-py and the docker CLI), the embedded DNS at 127.0.0.11, live connect, links,
 * internal networks. Subnets are inside the test daemon's own pool or a test-only range.
 */
class NetworkCompatE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "networks need root");
    for (String bin : List.of("/usr/bin/conmon", "/usr/sbin/runc", "/usr/sbin/nft",
        "/usr/bin/unshare", "/usr/bin/nsenter")) {
      assumeTrue(Files.isExecutable(Path.of(bin)), bin + " is not installed");
    }
    daemon = Berthd.start(dir.resolve("d"));
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    assertThat(Cmd.docker(daemon, "load", "-i", tar.toString()).code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      for (String id : docker("ps", "-aq").out().split("\\s+")) {
        if (!id.isBlank()) {
          docker("rm", "-f", id);
        }
      }
      docker("network", "prune", "-f");
      daemon.close();
    }
  }

  static Cmd.Result docker(String... args) throws Exception {
    return Cmd.docker(daemon, args);
  }

  static Cmd.Result python(String... lines) throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c",
        "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    String script = "import docker\nc = docker.APIClient(base_url='" + daemon.host() + "')\n"
        + String.join("\n", lines);
    return Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", script));
  }

  @Test
  void createAnswersAsDockerdDoes() throws Exception {
    Cmd.Result r = python(
        "def err(f):",
        "    try:",
        "        f()",
        "        return 'ok'",
        "    except docker.errors.APIError as e:",
        "        return str(e.response.status_code) + ' ' + e.explanation",
        "print(err(lambda: c.create_network('h1', driver='host')))",
        "print(err(lambda: c.create_network('i1', ingress=True)))",
        "print(err(lambda: c.create_network('s1', scope='swarm')))",
        "print(err(lambda: c._result(c._post_json(c._url('/networks/create'),"
            + " data={'Name': 'l1', 'Labels': ['a=b']}), True)))",
        "a = c.create_network('dup')['Id']",
        "print(err(lambda: c.create_network('dup', check_duplicate=True)))",
        "b = c.create_network('dup', check_duplicate=False)",
        "print(b['Warning'].startswith('Network with name dup (id : ' + a))",
        "c.remove_network(a); c.remove_network(b['Id'])",
        "print(err(lambda: c.create_network('o1', options={"
            + "'com.docker.network.bridge.name': 'x; reboot'})))",
        "print(c.leave_swarm(force=True))");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo("""
        403 only one instance of "host" network is allowed
        403 Ingress network can only be global scope network
        403 cannot create a swarm scoped network when swarm is not active
        400 json: cannot unmarshal array into Go struct field NetworkCreateRequest.Labels \
        of type map[string]string
        409 network with name dup already exists
        True
        400 invalid bridge name "x; reboot": at most 15 letters, digits, '-', '_' and '.'
        True
        """);
    assertThat(docker("network", "ls", "--format", "{{.Name}}").out()).doesNotContain("dup");
  }

  @Test
  void ipamPoolsRangesAuxAddressesAndDriverOptionsAreKept() throws Exception {
    Cmd.Result create = docker("network", "create", "--subnet", "10.252.0.0/16",
        "--ip-range", "10.252.5.0/24", "--gateway", "10.252.5.254", "--aux-address",
        "a=10.252.5.0", "--ipv6", "--subnet", "fd00:252::/64", "--opt", "foo=bar", "pools");
    assertThat(create.code()).as(create.all()).isZero();
    // the CLI sends the pools in its own order; dockerd keeps the order it gets
    assertThat(docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{json .}}\n{{end}}"
        + "{{.EnableIPv6}} {{.Options.foo}} {{.Scope}}", "pools").out().lines().sorted())
        .containsExactly("true bar local",
            "{\"Subnet\":\"10.252.0.0/16\",\"IPRange\":\"10.252.5.0/24\",\"Gateway\":"
                + "\"10.252.5.254\",\"AuxiliaryAddresses\":{\"a\":\"10.252.5.0\"}}",
            "{\"Subnet\":\"fd00:252::/64\",\"Gateway\":\"fd00:252::1\"}");
    Cmd.Result run = docker("run", "--rm", "--network", "pools", "busybox", "ip", "addr",
        "show", "eth0");
    assertThat(run.code()).as(run.all()).isZero();
    // 10.252.5.0 is an auxiliary address: the first dynamic one is .1
    assertThat(run.out()).contains("inet 10.252.5.1/16").contains("inet6 fd00:252::2/64");
    Cmd.Result fixed = docker("run", "--rm", "--network", "pools", "--ip6", "fd00:252::99",
        "busybox", "ip", "-6", "addr", "show", "eth0");
    assertThat(fixed.out()).as(fixed.all()).contains("inet6 fd00:252::99/64");
    assertThat(docker("network", "rm", "pools").code()).isZero();
  }
}
