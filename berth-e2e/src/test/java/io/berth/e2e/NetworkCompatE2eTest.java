package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    Prerequisites.assumeNetworking();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
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

  /** A DNS server for the tests on {@code address:53}: every A query gets 192.0.2.77. */
  private static final String FAKE_UPSTREAM = """
      import socket, sys
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind((sys.argv[1], 53))
      print('ready', flush=True)
      while True:
          q, a = s.recvfrom(512)
          end = 12
          while q[end] != 0:
              end += q[end] + 1
          qtype = q[end + 1:end + 3]
          end += 5
          an = b'\\x00\\x01' if qtype == b'\\x00\\x01' else b'\\x00\\x00'
          r = q[:2] + b'\\x81\\x80' + q[4:6] + an + b'\\x00\\x00\\x00\\x00' + q[12:end]
          if an == b'\\x00\\x01':
              r += b'\\xc0\\x0c\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x3c\\x00\\x04' + bytes([192, 0, 2, 77])
          s.sendto(r, a)
      """;

  /** One A query for {@code name} over TCP to 127.0.0.11:53; prints the address and rcode. */
  private static final String TCP_QUERY = """
      import socket, struct, sys
      name = sys.argv[1].encode()
      q = b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00' + bytes([len(name)]) + name + b'\\x00\\x00\\x01\\x00\\x01'
      s = socket.create_connection(('127.0.0.11', 53), timeout=5)
      s.sendall(struct.pack('>H', len(q)) + q)
      n = struct.unpack('>H', s.recv(2))[0]
      r = b''
      while len(r) < n:
          r += s.recv(n - len(r))
      print('.'.join(map(str, r[-4:])), r[3] & 15)
      """;

  /**
   * The nginx-style check: on a user network resolv.conf names 127.0.0.11 as Docker's,
   * and {@code nslookup peer 127.0.0.11} resolves a peer by name and alias, over UDP and TCP;
   * other names go to the {@code --dns} servers.
   */
  @Test
  void embeddedDnsAnswersAt127011OverUdpAndTcpAndForwardsToDnsServers() throws Exception {
    assertThat(docker("network", "create", "--subnet", "10.253.7.0/24", "dnsnet").code())
        .isZero();
    Cmd.Result peer = docker("run", "-d", "--name", "peer", "--network", "dnsnet",
        "--network-alias", "peerish", "busybox", "sleep", "120");
    assertThat(peer.code()).as(peer.all()).isZero();
    String ip = docker("inspect", "-f", "{{.NetworkSettings.Networks.dnsnet.IPAddress}}", "peer")
        .out().strip();
    Cmd.Result ask = docker("run", "--rm", "--network", "dnsnet", "--dns-search", "example.org",
        "busybox", "sh", "-c", "cat /etc/resolv.conf && nslookup peer 127.0.0.11"
            + " && nslookup peerish.dnsnet 127.0.0.11");
    assertThat(ask.code()).as(ask.all()).isZero();
    assertThat(ask.out()).startsWith("search example.org\nnameserver 127.0.0.11\n"
        + "options ndots:0\n").contains("Name:\tpeer\nAddress: " + ip)
        .contains("Name:\tpeerish.dnsnet\nAddress: " + ip);

    String sandbox = docker("inspect", "-f", "{{.NetworkSettings.SandboxKey}}", "peer").out()
        .strip();
    Cmd.Result tcp = Cmd.run(Map.of(), null, List.of("nsenter", "--net=" + sandbox,
        "/usr/bin/python3", "-c", TCP_QUERY, "peerish"));
    assertThat(tcp.out()).as(tcp.all()).isEqualTo(ip + " 0\n");

    Process upstream = new ProcessBuilder("/usr/bin/python3", "-c", FAKE_UPSTREAM, "10.253.7.1")
        .redirectErrorStream(true).start();
    try {
      assertThat(new String(upstream.getInputStream().readNBytes(6))).isEqualTo("ready\n");
      Cmd.Result forwarded = docker("run", "--rm", "--network", "dnsnet", "--dns", "10.253.7.1",
          "busybox", "sh", "-c", "grep -c 10.253.7.1 /etc/resolv.conf;"
              + " nslookup elsewhere.test 127.0.0.11");
      assertThat(forwarded.out()).as(forwarded.all()).startsWith("0\n")
          .contains("Address: 192.0.2.77");
    } finally {
      upstream.destroy();
      upstream.waitFor();
    }
    assertThat(docker("rm", "-f", "peer").code()).isZero();
    assertThat(docker("network", "rm", "dnsnet").code()).isZero();
  }

  /**
   * After {@code network connect}, a container started on the default bridge resolves the
   * network's containers and is resolved by its name and --alias, both ways, at once; after
   * disconnect its name is gone.
   */
  @Test
  void liveConnectIsResolvableBothWaysAndDisconnectForgetsIt() throws Exception {
    assertThat(docker("network", "create", "live").code()).isZero();
    assertThat(docker("run", "-d", "--name", "lpeer", "--network", "live", "busybox", "sleep",
        "120").code()).isZero();
    assertThat(docker("run", "-d", "--name", "lc", "busybox", "sleep", "120").code()).isZero();
    Cmd.Result c = docker("network", "connect", "--alias", "lcal", "live", "lc");
    assertThat(c.code()).as(c.all()).isZero();
    Cmd.Result fromLc = docker("exec", "lc", "nslookup", "lpeer");
    assertThat(fromLc.out()).as(fromLc.all()).contains("Name:\tlpeer\nAddress: 10.");
    Cmd.Result toLc = docker("exec", "lpeer", "sh", "-c", "nslookup lc && nslookup lcal");
    assertThat(toLc.code()).as(toLc.all()).isZero();
    assertThat(toLc.out()).contains("Name:\tlc\n").contains("Name:\tlcal\n");
    assertThat(docker("network", "disconnect", "live", "lc").code()).isZero();
    assertThat(docker("exec", "lpeer", "nslookup", "lcal").out()).doesNotContain("Name:\tlcal");
    docker("rm", "-f", "lc", "lpeer");
    assertThat(docker("network", "rm", "live").code()).isZero();
  }

  /**
   * DNSNames in inspect (API 1.44, dockerd 25+): name, aliases, short id and hostname on a
   * user network, as moby's buildEndpointDNSNames; null on the default bridge.
   */
  @Test
  void inspectGivesDnsNamesOnUserNetworks() throws Exception {
    assertThat(docker("network", "create", "dnsn").code()).isZero();
    Cmd.Result run = docker("run", "-d", "--name", "dn1", "--hostname", "dnhost", "--network",
        "dnsn", "--network-alias", "dnal", "busybox", "sleep", "120");
    assertThat(run.code()).as(run.all()).isZero();
    String id = run.out().strip();
    assertThat(docker("inspect", "dn1", "--format",
        "{{json (index .NetworkSettings.Networks \"dnsn\").DNSNames}}").out().strip())
        .isEqualTo("[\"dn1\",\"dnal\",\"" + id.substring(0, 12) + "\",\"dnhost\"]");
    assertThat(docker("run", "-d", "--name", "dn2", "busybox", "sleep", "120").code()).isZero();
    assertThat(docker("inspect", "dn2", "--format",
        "{{json .NetworkSettings.Networks.bridge.DNSNames}}").out().strip()).isEqualTo("null");
    docker("rm", "-f", "dn1", "dn2");
    assertThat(docker("network", "rm", "dnsn").code()).isZero();
  }

  /** {@code --link web:w} on the default bridge: /etc/hosts and Docker's W_… environment. */
  @Test
  void legacyLinksGiveHostsEntriesAndEnvironment() throws Exception {
    assertThat(docker("run", "-d", "--name", "lweb", "-e", "FOO=bar", "--expose", "80",
        "--expose", "53/udp", "busybox", "sleep", "120").code()).isZero();
    String ip = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "lweb").out().strip();
    String hostname = docker("inspect", "-f", "{{.Config.Hostname}}", "lweb").out().strip();
    Cmd.Result r = docker("run", "--rm", "--name", "lcl", "--link", "lweb:w", "busybox", "sh",
        "-c", "grep lweb /etc/hosts; env | grep ^W_ | sort");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).isEqualTo(ip + "\tw " + hostname + " lweb\n"
        + "W_ENV_FOO=bar\nW_NAME=/lcl/w\nW_PORT=udp://" + ip + ":53\n"
        + "W_PORT_53_UDP=udp://" + ip + ":53\nW_PORT_53_UDP_ADDR=" + ip + "\n"
        + "W_PORT_53_UDP_PORT=53\nW_PORT_53_UDP_PROTO=udp\n"
        + "W_PORT_80_TCP=tcp://" + ip + ":80\nW_PORT_80_TCP_ADDR=" + ip + "\n"
        + "W_PORT_80_TCP_PORT=80\nW_PORT_80_TCP_PROTO=tcp\n");
    Cmd.Result missing = docker("create", "--link", "nosuch:x", "busybox", "true");
    assertThat(missing.err()).contains("could not get container for nosuch");
    assertThat(docker("create", "--name", "lc2", "--link", "lweb", "busybox", "true").code())
        .isZero();
    assertThat(docker("inspect", "-f", "{{json .HostConfig.Links}}", "lc2").out())
        .isEqualTo("[\"/lweb:/lc2/lweb\"]\n");
    docker("stop", "-t", "0", "lweb");
    assertThat(docker("start", "lc2").err()).contains("Cannot link to a non running container:"
        + " /lweb AS /lc2/lweb");
    Cmd.Result unlink = docker("rm", "--link", "/lc2/lweb");
    assertThat(unlink.code()).as(unlink.all()).isZero();
    assertThat(docker("inspect", "-f", "{{json .HostConfig.Links}}", "lc2").out())
        .isEqualTo("null\n");
    assertThat(docker("start", "lc2").code()).isZero();
    docker("rm", "-f", "lweb", "lc2");
  }

  /** On a user network a link is an alias that only the linking container resolves. */
  @Test
  void linksOnAUserNetworkAreAliasesOfTheLinkingContainer() throws Exception {
    assertThat(docker("network", "create", "linked").code()).isZero();
    assertThat(docker("run", "-d", "--name", "up", "--network", "linked", "busybox", "sleep",
        "120").code()).isZero();
    Cmd.Result r = docker("run", "--rm", "--network", "linked", "--link", "up:bar", "busybox",
        "nslookup", "bar");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("Name:\tbar\nAddress: 10.");
    Cmd.Result other = docker("run", "--rm", "--network", "linked", "busybox", "nslookup", "bar");
    assertThat(other.out()).doesNotContain("Name:\tbar");
    docker("rm", "-f", "up");
    assertThat(docker("network", "rm", "linked").code()).isZero();
  }

  /** A port published on all addresses answers on [::1] too, as Docker's does. */
  @Test
  void aPublishedPortAnswersOnIpv6Loopback() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cmd.Result web = docker("run", "-d", "--name", "v6web", "-p", port + ":80", "busybox", "sh",
        "-c", "mkdir /w && echo six > /w/index.html && exec httpd -f -p 80 -h /w");
    assertThat(web.code()).as(web.all()).isZero();
    Cmd.Result curl = null;
    for (int i = 0; i < 20; i++) {
      curl = Cmd.run(Map.of(), null, List.of("curl", "-s", "-g", "-m", "3",
          "http://[::1]:" + port + "/"));
      if (curl.code() == 0) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(curl.out()).as(curl.all()).isEqualTo("six\n");
    assertThat(docker("rm", "-f", "v6web").code()).isZero();
    Cmd.Result gone = Cmd.run(Map.of(), null, List.of("curl", "-s", "-g", "-m", "2",
        "http://[::1]:" + port + "/"));
    assertThat(gone.code()).isNotZero();
  }

  /** A UDP port published on all addresses answers on [::1] too (docker-proxy's UDP relay). */
  @Test
  void aPublishedUdpPortAnswersOnIpv6Loopback() throws Exception {
    int port;
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
      port = s.getLocalPort();
    }
    Path echo = StaticTool.build("udpecho.c", dir.resolve("udpecho"), "udpecho");
    Cmd.Result udp = docker("run", "-d", "--name", "v6udp", "-p", port + ":5353/udp", "-v",
        echo + ":/udpecho:ro", "busybox", "/udpecho", "5353");
    assertThat(udp.code()).as(udp.all()).isZero();
    String ask = String.join("\n",
        "import socket, sys, time",
        "s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
        "s.settimeout(1)",
        "for i in range(20):",
        "    s.sendto(b'pong', ('::1', " + port + "))",
        "    try:",
        "        print(s.recvfrom(100)[0].decode().strip()); sys.exit(0)",
        "    except socket.timeout:",
        "        time.sleep(0.2)",
        "sys.exit(1)");
    Cmd.Result r = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c", ask));
    assertThat(r.out()).as(r.all()).isEqualTo("echo:pong\n");
    assertThat(docker("rm", "-f", "v6udp").code()).isZero();
  }

  /** {@code -p [::]:port:80} answers on IPv4 and IPv6, from a listener on every address. */
  @Test
  void aPortPublishedOnTheIpv6WildcardAnswersOnBothFamilies() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cmd.Result web = docker("run", "-d", "--name", "v6any", "-p", "[::]:" + port + ":80",
        "busybox", "sh", "-c", "mkdir /w && echo any > /w/index.html && exec httpd -f -p 80"
            + " -h /w");
    assertThat(web.code()).as(web.all()).isZero();
    assertThat(docker("inspect", "v6any", "--format", "{{json .NetworkSettings.Ports}}").out())
        .contains("{\"HostIp\":\"::\",\"HostPort\":\"" + port + "\"}");
    for (String url : List.of("http://[::1]:" + port + "/", "http://127.0.0.1:" + port + "/")) {
      Cmd.Result curl = null;
      for (int i = 0; i < 20; i++) {
        curl = Cmd.run(Map.of(), null, List.of("curl", "-s", "-g", "-m", "3", url));
        if (curl.code() == 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(curl.out()).as(url + " " + curl.all()).isEqualTo("any\n");
    }
    Cmd.Result ss = Cmd.run(Map.of(), null, List.of("ss", "-Hltn", "sport", "= :" + port));
    assertThat(ss.out()).as(ss.all()).containsPattern("(\\*|\\[::\\]):" + port + "\\s");
    assertThat(docker("rm", "-f", "v6any").code()).isZero();
  }
}
