package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, the networking issue's robustness points and the modes around them: internal
 * networks, host mode's hostname, a default bridge that is there already, is deleted under a
 * running daemon or belongs to another running daemon, and a daemon in a network namespace of
 * its own. Every daemon has its own bridge and table ({@link TestNet}); bridges made by a test
 * are removed by it.
 */
class NetworkRobustnessE2eTest {
  @TempDir static Path dir;
  static Path busybox;

  @BeforeAll
  static void prerequisites() throws Exception {
    Prerequisites.assumeNetworking();
    busybox = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
  }

  private static Cmd.Result sh(String... cmd) throws Exception {
    return Cmd.run(Map.of(), null, List.of(cmd));
  }

  private static void load(Berthd d) throws Exception {
    assertThat(Cmd.docker(d, "load", "-i", busybox.toString()).code()).isZero();
  }

  /**
   * Containers on an --internal network reach each other and nothing else (no default route,
   * another network's container unreachable), and a port published from there does not answer
   * on the host. (busybox wget crashes without a default route, on Docker too: ping is used.)
   */
  @Test
  void internalNetworksTalkInsideOnlyAndPublishNothing() throws Exception {
    try (Berthd d = Berthd.start(dir.resolve("internal"))) {
      load(d);
      assertThat(Cmd.docker(d, "network", "create", "--internal", "inside").code()).isZero();
      int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
      Cmd.Result web = Cmd.docker(d, "run", "-d", "--name", "iw", "--network", "inside", "-p",
          port + ":80", "busybox", "sh", "-c",
          "mkdir /w && echo in > /w/index.html && exec httpd -f -p 80 -h /w");
      assertThat(web.code()).as(web.all()).isZero();
      assertThat(Cmd.docker(d, "run", "-d", "--name", "outer", "busybox", "sleep", "60").code())
          .isZero();
      String outer = Cmd.docker(d, "inspect", "-f", "{{.NetworkSettings.IPAddress}}", "outer")
          .out().strip();
      Cmd.Result probe = Cmd.docker(d, "run", "--rm", "--network", "inside", "busybox", "sh",
          "-c", "ping -c 1 -W 2 iw >/dev/null && echo peer-ok; ip route | grep -c default;"
              + " ping -c 1 -W 1 " + outer + " >/dev/null 2>&1 || echo outside-unreachable");
      assertThat(probe.out()).as(probe.all())
          .isEqualTo("peer-ok\n0\noutside-unreachable\n");
      assertThat(Cmd.docker(d, "inspect", "-f", "{{json .NetworkSettings.Ports}}", "iw").out())
          .isEqualTo("{}\n");
      Cmd.Result curl = sh("curl", "-s", "-m", "2", "http://127.0.0.1:" + port + "/");
      assertThat(curl.code()).as(curl.all()).isNotZero();
      Cmd.docker(d, "rm", "-f", "iw", "outer");
      assertThat(Cmd.docker(d, "network", "rm", "inside").code()).isZero();
    }
  }

  /**
   * A veth's removal runs after the exit's answer (ADR 0141): `run --rm` leaves none on the
   * bridge once the daemon has stopped, and one that a crash left there (no record names it)
   * is gone when the next daemon has started.
   */
  @Test
  void vethsGoAfterTheAnswerAndOnesACrashLeftGoAtStartUp() throws Exception {
    Path d1 = dir.resolve("stray");
    String bridge = TestNet.of(d1).bridge();
    String stray = "vethst" + (ProcessHandle.current().pid() % 10000);
    try (Berthd d = Berthd.start(d1)) {
      load(d);
      Cmd.Result run = Cmd.docker(d, "run", "--rm", "busybox", "true");
      assertThat(run.code()).as(run.all()).isZero();
      Cmd.Result keep = Cmd.docker(d, "run", "-d", "--name", "keep", "busybox", "sleep", "60");
      assertThat(keep.code()).as(keep.all()).isZero();
      Cmd.Result rm = Cmd.docker(d, "run", "-d", "--name", "gone", "busybox", "sleep", "60");
      assertThat(rm.code()).as(rm.all()).isZero();
      assertThat(Cmd.docker(d, "rm", "-f", "gone").code()).isZero();
      // the name is free at once, while the removal's clean-up may still run
      Cmd.Result again = Cmd.docker(d, "create", "--name", "gone", "busybox", "true");
      assertThat(again.code()).as(again.all()).isZero();
    }
    // one veth left on the bridge: the running container's
    assertThat(sh("ip", "-o", "link", "show", "master", bridge).out().lines().count())
        .isEqualTo(1);
    assertThat(sh("sh", "-c", "ip link add " + stray + " type veth peer name " + stray + "p"
        + " && ip link set " + stray + " master " + bridge).code()).isZero();
    try (Berthd d = Berthd.start(d1)) {
      assertThat(sh("ip", "-o", "link", "show", "master", bridge).out())
          .doesNotContain(stray).hasLineCount(1);
      assertThat(sh("ip", "link", "show", stray + "p").code()).isNotZero();
      Cmd.Result ps = Cmd.docker(d, "ps", "-a", "--format", "{{.Names}} {{.State}}");
      assertThat(ps.out().lines().sorted().toList()).as(ps.all())
          .containsExactly("gone created", "keep running");
      Cmd.docker(d, "rm", "-f", "keep", "gone");
    } finally {
      sh("ip", "link", "del", stray);
    }
  }

  @Test
  void hostModeHasTheHostsHostname() throws Exception {
    // a remapped daemon refuses --network host, as dockerd does (NetworkE2eTest checks that)
    org.junit.jupiter.api.Assumptions.assumeFalse(Berthd.remapped(),
        "--network host is refused under BERTH_E2E_USERNS_REMAP");
    try (Berthd d = Berthd.start(dir.resolve("host"))) {
      load(d);
      String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      assertThat(Cmd.docker(d, "run", "--rm", "--network", "host", "busybox", "hostname").out())
          .isEqualTo(host + "\n");
      assertThat(Cmd.docker(d, "run", "--rm", "--network", "host", "-h", "own", "busybox",
          "hostname").out()).isEqualTo("own\n");
    }
  }

  /**
   * Without --bip, a default bridge that already exists keeps its address (nothing stacked on
   * it); a bridge deleted under the running daemon is made again by the next start.
   */
  @Test
  void anExistingBridgeKeepsItsAddressAndADeletedOneIsMadeAgain() throws Exception {
    Path d = dir.resolve("existing");
    TestNet net = TestNet.of(d);
    String address = net.bip().replaceFirst("\\.1/24$", ".254/24");
    assertThat(sh("ip", "link", "add", net.bridge(), "type", "bridge").code()).isZero();
    try {
      assertThat(sh("ip", "addr", "add", address, "dev", net.bridge()).code()).isZero();
      try (Berthd b = Berthd.start(d, "--bridge", net.bridge(), "--nft-table", net.table(),
          "--default-address-pool", net.pool())) {
        load(b);
        assertThat(Cmd.docker(b, "network", "inspect", "-f",
            "{{(index .IPAM.Config 0).Gateway}}", "bridge").out())
            .isEqualTo(address.replace("/24", "") + "\n");
        assertThat(sh("ip", "-4", "-o", "addr", "show", "dev", net.bridge()).out().lines()
            .count()).isEqualTo(1);
        assertThat(sh("ip", "link", "del", net.bridge()).code()).isZero();
        Cmd.Result run = Cmd.docker(b, "run", "--rm", "busybox", "ip", "-4", "addr", "show",
            "eth0");
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(sh("ip", "-4", "-o", "addr", "show", "dev", net.bridge()).out())
            .contains(address);
      }
    } finally {
      sh("ip", "link", "del", net.bridge());
    }
  }

  /**
   * A second daemon (its own root, socket and table) on the default bridge of a running one is
   * refused, with another --bip (it would stack a second gateway on the bridge) and without
   * (it would share the subnet and give containers the same addresses); its root's --cleanup
   * keeps that bridge; once the owner has stopped, the bridge is free for it.
   */
  @Test
  void aSecondDaemonOnTheBridgeOfARunningOneIsRefused() throws Exception {
    Path a = dir.resolve("owner");
    Path b = dir.resolve("second");
    TestNet owned = TestNet.of(a);
    TestNet other = TestNet.of(b);
    List<String> second = List.of("--bridge", owned.bridge(), "--nft-table", other.table(),
        "--default-address-pool", other.pool());
    try (Berthd owner = Berthd.start(a)) {
      load(owner);
      for (List<String> bip : List.of(List.of("--bip", other.bip()), List.<String>of())) {
        Files.deleteIfExists(b.resolve("berthd.log"));
        List<String> args = new ArrayList<>(second);
        args.addAll(bip);
        Process p = Berthd.launch(b, args.toArray(String[]::new));
        try {
          assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the second daemon exits").isTrue();
        } finally {
          p.destroyForcibly().waitFor();
        }
        String log = Files.readString(b.resolve("berthd.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(1);
        assertThat(log).as(bip.toString()).contains("berthd: bridge " + owned.bridge()
            + " is the default bridge of another running berthd in this network namespace:"
            + " give each daemon its own --bridge (and --bip)\n").doesNotContain("Exception");
      }
      assertThat(sh("ip", "-4", "-o", "addr", "show", "dev", owned.bridge()).out().lines()
          .toList()).singleElement().asString().contains(owned.bip());
      List<String> cleanup = new ArrayList<>(List.of(Berthd.java(),
          "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
          "io.berth.daemon.Main", "--cleanup", "--root", b.resolve("root").toString(),
          "--exec-root", b.resolve("exec").toString()));
      cleanup.addAll(second);
      Cmd.Result r = Cmd.run(Map.of(), null, cleanup);
      assertThat(r.code()).as(r.all()).isZero();
      assertThat(r.out()).contains("kept bridge " + owned.bridge());
      assertThat(Cmd.docker(owner, "run", "--rm", "busybox", "ip", "-4", "addr", "show",
          "eth0").out()).contains(owned.bip().replaceFirst("\\.1/24$", "."));
    }
    try (Berthd after = Berthd.start(b, second.toArray(String[]::new))) {
      String gateway = Cmd.docker(after, "network", "inspect", "-f",
          "{{(index .IPAM.Config 0).Gateway}}", "bridge").out().strip();
      assertThat(sh("ip", "-4", "-o", "addr", "show", "dev", owned.bridge()).out())
          .contains("inet " + gateway + "/");
    } finally {
      sh("ip", "link", "del", owned.bridge());
    }
  }

  /**
   * berthd under {@code unshare --net}, whose /sys is still the host's: a host link with the
   * daemon's bridge name must not make it think its own namespace has that bridge.
   */
  @Test
  void aDaemonInItsOwnNetworkNamespaceLooksAtItsOwnLinks() throws Exception {
    Path d = dir.resolve("netns");
    TestNet net = TestNet.of(d);
    assertThat(sh("ip", "link", "add", net.bridge(), "type", "bridge").code()).isZero();
    try {
      try (Berthd b = Berthd.startUnder(List.of("/usr/bin/unshare", "--net"), d)) {
        load(b);
        Cmd.Result run = Cmd.docker(b, "run", "--rm", "busybox", "ip", "-4", "-o", "addr",
            "show", "eth0");
        assertThat(run.code()).as(run.all() + Files.readString(b.log)).isZero();
        assertThat(run.out()).contains("inet 10.");
      }
      // the host's link of that name is untouched
      assertThat(sh("ip", "-4", "-o", "addr", "show", "dev", net.bridge()).out()).isEmpty();
    } finally {
      sh("ip", "link", "del", net.bridge());
    }
  }

  /**
   * The default bridge with --ipv6 --fixed-cidr-v6: inspect shows the IPv6 pool, containers get
   * an IPv6 address and route from it and reach the bridge's IPv6 gateway (routed, no NAT66).
   */
  @Test
  void theDefaultBridgeWithIpv6GivesContainersAnIpv6AddressAndRoute() throws Exception {
    Path d = dir.resolve("ipv6");
    TestNet net = TestNet.of(d);
    // the canonical form (RFC 5952: no leading zeros in a group), as inspect writes it
    String prefix = "fd00:" + Integer.toHexString(Integer.parseInt(
        net.table().substring(net.table().length() - 4), 16)) + "::";
    try (Berthd b = Berthd.start(d, "--bridge", net.bridge(), "--nft-table", net.table(),
        "--bip", net.bip(), "--default-address-pool", net.pool(), "--ipv6",
        "--fixed-cidr-v6", prefix + "/64")) {
      load(b);
      assertThat(Cmd.docker(b, "network", "inspect", "-f",
          "{{.EnableIPv6}} {{(index .IPAM.Config 1).Subnet}} {{(index .IPAM.Config 1).Gateway}}",
          "bridge").out()).isEqualTo("true " + prefix + "/64 " + prefix + "1\n");
      Cmd.Result run = Cmd.docker(b, "run", "--rm", "busybox", "sh", "-c",
          "ip -6 addr show eth0 | grep -o 'inet6 [^ ]*' | grep -v fe80;"
              + " ip -6 route | grep -o '^default via [^ ]*';"
              + " ping -6 -c 1 -W 2 " + prefix + "1 >/dev/null && echo gateway-ok");
      assertThat(run.out()).as(run.all()).isEqualTo("inet6 " + prefix + "2/64\ndefault via "
          + prefix + "1\ngateway-ok\n");
    }
  }
}
