package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, issue 19 (ADR 0124): two "hosts" — network namespaces made here, joined by veth to
 * an underlay bridge in a third namespace that also runs etcd — each with its own berthd
 * (own root, exec root, socket, bridge and nftables table), on one global overlay network.
 * berthd runs under {@code nsenter --net}, not {@code ip netns exec}: the latter also gives it
 * a mount namespace of its own, and the containers' namespace bind mounts made there would be
 * invisible to a berthd started again after {@code kill -9}. All traffic stays inside these
 * namespaces, which are deleted afterwards with everything in them.
 */
class OverlayE2eTest {
  @TempDir static Path dir;
  static final long TAG = ProcessHandle.current().pid();
  static final String UL = "bovt-ul-" + TAG;
  static final String HA = "bovt-a-" + TAG;
  static final String HB = "bovt-b-" + TAG;
  static final String NET = "10.251." + (TAG % 200 + 20);
  /** Below 1500, so the overlay's MTU must follow the underlay's, not berthd's default. */
  static final int UNDERLAY_MTU = 1400;
  static final List<String> MADE = new ArrayList<>();
  static Process etcd;
  static Berthd a;
  static Berthd b;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeNetworking();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/etcd")),
        "etcd is not installed (Debian's etcd-server)");
    for (String ns : List.of(UL, HA, HB)) {
      sh("ip netns add " + ns);
      MADE.add(ns);
    }
    assumeTrue(sh("ip -n " + UL + " link add vxprobe type vxlan id 1 dstport 4789").code() == 0,
        "the kernel has no VXLAN (ip link add type vxlan failed)");
    sh("ip -n " + UL + " link del vxprobe");
    must("ip -n " + UL + " link set lo up && ip -n " + UL + " link add ulbr type bridge"
        + " && ip -n " + UL + " addr add " + NET + ".1/24 dev ulbr && ip -n " + UL
        + " link set ulbr up");
    int i = 2;
    for (String h : List.of(HA, HB)) {
      must("ip -n " + UL + " link add ul" + i + " type veth peer name ul0 netns " + h
          + " && ip -n " + UL + " link set ul" + i + " mtu " + UNDERLAY_MTU + " master ulbr up"
          + " && ip -n " + h + " addr add " + NET + "." + i + "/24 dev ul0 && ip -n " + h
          + " link set ul0 mtu " + UNDERLAY_MTU + " up"
          + " && ip -n " + h + " link set lo up");
      i++;
    }
    etcd = new ProcessBuilder("nsenter", "--net=/run/netns/" + UL, "etcd", "--name", "bovt",
        "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", "http://" + NET + ".1:2379",
        "--advertise-client-urls", "http://" + NET + ".1:2379",
        "--listen-peer-urls", "http://127.0.0.1:2380",
        "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
        "--initial-cluster", "bovt=http://127.0.0.1:2380")
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    a = host(HA, "a", 2);
    b = host(HB, "b", 3);
    Path tar = Images.busybox(dir.resolve("busybox.tar"), "busybox:latest");
    for (Berthd d : List.of(a, b)) {
      assertThat(Cmd.docker(d, "load", "-i", tar.toString()).code()).isZero();
    }
  }

  /** A berthd in namespace {@code ns} on the cluster store, advertising {@code NET.i}. */
  static Berthd host(String ns, String name, int i) throws Exception {
    return Berthd.startUnder(List.of("nsenter", "--net=/run/netns/" + ns), dir.resolve(name),
        "--cluster-store", "etcd://" + NET + ".1:2379", "--cluster-advertise", NET + "." + i);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Berthd d : new Berthd[] {a, b}) {
      if (d != null && d.process.isAlive()) {
        for (String id : Cmd.docker(d, "ps", "-aq").out().split("\\s+")) {
          if (!id.isBlank()) {
            Cmd.docker(d, "rm", "-f", id);
          }
        }
      }
    }
    if (a != null && a.process.isAlive()) {
      Cmd.docker(a, "network", "rm", "ov");
      Cmd.docker(a, "network", "rm", "ov2");
    }
    for (Berthd d : new Berthd[] {a, b}) {
      if (d != null) {
        d.close();
      }
    }
    if (etcd != null) {
      etcd.destroy();
      etcd.waitFor(10, TimeUnit.SECONDS);
    }
    // the overlay networks' namespaces are bind mounts under the daemons' exec roots
    sh("for f in " + dir + "/*/exec/overlay/*; do umount -l \"$f\" 2>/dev/null; done; true");
    for (String ns : MADE) {
      sh("ip netns del " + ns);
    }
  }

  @Test
  void containersOnTwoHostsShareOneOverlayNetworkThroughRestartsAndRemovals() throws Exception {
    Cmd.Result created = docker(a, "network", "create", "-d", "overlay", "ov");
    assertThat(created.code()).as(created.all()).isZero();
    // `docker network ls` on each host shows it: the creating one at once, the other after its
    // watch fired
    assertThat(docker(a, "network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").out())
        .contains("ov overlay global");
    await(() -> docker(b, "network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}")
        .out().contains("ov overlay global"), 3000);

    run(a, "web", "--network-alias", "www", "hello-from-a");
    run(b, "web2", "hello-from-b");
    String ipA = ip(a, "web");
    String ipB = ip(b, "web2");
    assertThat(ipA).startsWith("10.0.0.").isNotEqualTo(ipB);
    assertThat(ipB).startsWith("10.0.0.");
    // the underlay's MTU less the VXLAN overhead (outer IPv4, UDP, VXLAN, inner Ethernet)
    for (Berthd d : List.of(a, b)) {
      String c = d == a ? "web" : "web2";
      assertThat(docker(d, "exec", c, "cat", "/sys/class/net/eth0/mtu").out().strip())
          .isEqualTo(Integer.toString(UNDERLAY_MTU - 50));
    }

    // libnetwork's layout (ADR 0144): the bridge and the VXLAN device are in a namespace of the
    // network's own; the host has only its link to that bridge, with the gateway
    String id12 = docker(a, "network", "inspect", "-f", "{{.Id}}", "ov").out().strip()
        .substring(0, 12);
    for (Berthd d : List.of(a, b)) {
      String ns = d == a ? HA : HB;
      assertThat(sh("ip -n " + ns + " -o link show type vxlan").out()).isEmpty();
      assertThat(sh("ip -n " + ns + " -o link show type bridge").out()).doesNotContain("ov-");
      assertThat(sh("ip -n " + ns + " -o link show ov-" + id12).out()).contains("ov-" + id12);
      Path sandbox = d.execRoot.resolve("overlay").resolve("vx-" + id12);
      assertThat(mounted(sandbox)).as("%s is mounted", sandbox).isTrue();
      String inside = sh("nsenter --net=" + sandbox + " ip -o link show").out();
      assertThat(inside).contains("br0").contains("vx-" + id12);
    }

    // each reaches the other by name (and alias) through its own host's embedded DNS
    assertThat(fetch(b, "web2", "web")).isEqualTo("hello-from-a");
    assertThat(fetch(b, "web2", "www")).isEqualTo("hello-from-a");
    assertThat(fetch(a, "web", "web2")).isEqualTo("hello-from-b");

    Cmd.Result hundred = docker(b, "exec", "web2", "sh", "-c", "n=0; for i in $(seq 100); do"
        + " timeout 5 wget -q -O - http://web/ | grep -q hello-from-a && n=$((n+1)); done;"
        + " echo $n");
    assertThat(hundred.out().strip()).as(hundred.all()).isEqualTo("100");

    String inspect = docker(a, "network", "inspect", "ov").out();
    assertThat(inspect).contains("\"Scope\": \"global\"").contains("\"Peers\"")
        .contains("\"IP\": \"" + NET + ".2\"").contains("\"IP\": \"" + NET + ".3\"")
        .contains("com.docker.network.driver.overlay.vxlanid_list");
    Cmd.Result rm = docker(b, "network", "rm", "ov");
    assertThat(rm.code()).isNotZero();
    assertThat(rm.err()).contains("has active endpoints");

    // a port published by a container on the overlay: from the other host through host a's
    // underlay address, and from host a itself on 127.0.0.1 (DNAT, then out of the link)
    run(a, "pub", "-p", "18080:80", "published-on-a");
    assertThat(curl(HB, "http://" + NET + ".2:18080/")).isEqualTo("published-on-a");
    assertThat(curl(HA, "http://127.0.0.1:18080/")).isEqualTo("published-on-a");
    assertThat(docker(a, "rm", "-f", "pub").code()).isZero();

    // kill -9 of host a's berthd, then start it again: the containers keep talking (while it is
    // down too: the data path is the kernel's, b's DNS still knows web), and a container
    // started afterwards is reachable from b by name
    a.process.destroyForcibly().waitFor();
    assertThat(fetch(b, "web2", "web")).isEqualTo("hello-from-a");
    a = host(HA, "a", 2);
    Berthd restarted = a;
    await(() -> docker(restarted, "network", "ls", "--format", "{{.Name}} {{.Scope}}").out()
        .contains("ov global"), 3000);
    assertThat(fetch(b, "web2", "web")).isEqualTo("hello-from-a");
    assertThat(fetch(a, "web", "web2")).isEqualTo("hello-from-b");
    run(a, "late", "late-on-a");
    assertThat(fetch(b, "web2", "late")).isEqualTo("late-on-a");

    // a removed container's name is gone on the other host within 2 s
    assertThat(docker(a, "rm", "-f", "web").code()).isZero();
    long t0 = System.nanoTime();
    Cmd.Result gone = docker(b, "exec", "web2", "sh", "-c", "i=0; while [ $i -lt 40 ]; do"
        + " if timeout 1 wget -q -O /dev/null http://web/ 2>&1 | grep -q 'bad address'; then"
        + " echo gone; exit 0; fi; i=$((i+1)); sleep 0.05; done; exit 1");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(gone.out()).as(gone.all()).contains("gone");
    assertThat(ms).as("name unresolvable after %d ms", ms).isLessThanOrEqualTo(2000);
    assertThat(fetch(b, "web2", "late")).isEqualTo("late-on-a");

    // a removed network takes its namespace with it on every host; one that a stopped daemon
    // leaves is removed by berthd --cleanup
    for (Berthd d : List.of(a, b)) {
      for (String c : docker(d, "ps", "-aq").out().split("\\s+")) {
        if (!c.isBlank()) {
          assertThat(docker(d, "rm", "-f", c).code()).isZero();
        }
      }
    }
    assertThat(docker(a, "network", "rm", "ov").code()).isZero();
    for (Berthd d : List.of(a, b)) {
      Path sandbox = d.execRoot.resolve("overlay").resolve("vx-" + id12);
      await(() -> !mounted(sandbox), 3000);
      String ns = d == a ? HA : HB;
      assertThat(sh("ip -n " + ns + " -o link show").out()).doesNotContain(id12);
    }
    assertThat(docker(a, "network", "create", "-d", "overlay", "ov2").code()).isZero();
    String id2 = docker(a, "network", "inspect", "-f", "{{.Id}}", "ov2").out().strip()
        .substring(0, 12);
    Path left = b.execRoot.resolve("overlay").resolve("vx-" + id2);
    await(() -> mounted(left), 3000);
    b.process.destroy();
    b.process.waitFor();
    List<String> cleanup = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + HB,
        Berthd.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "io.berth.daemon.Main", "--cleanup", "--root",
        b.root.toString(), "--exec-root", b.execRoot.toString(), "--config-file",
        b.dir.resolve("daemon.json").toString()));
    cleanup.addAll(TestNet.of(b.dir).daemonArgs());
    Cmd.Result r = Cmd.run(Map.of(), null, cleanup);
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("removed namespace " + left);
    assertThat(mounted(left)).isFalse();
    assertThat(sh("ip -n " + HB + " -o link show").out()).doesNotContain(id2);
    docker(a, "network", "rm", "ov2");
  }

  private static boolean mounted(Path p) throws Exception {
    return Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + p + " ");
  }

  /** What {@code url} answers, fetched with curl from inside the namespace {@code ns}. */
  private static String curl(String ns, String url) throws Exception {
    Cmd.Result r = null;
    for (int i = 0; i < 20; i++) {
      r = sh("nsenter --net=/run/netns/" + ns + " curl -s -m 5 " + url);
      if (r.code() == 0) {
        return r.out().strip();
      }
      Thread.sleep(250);
    }
    return r.all();
  }

  private static void run(Berthd d, String name, String... rest) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "ov"));
    for (int i = 0; i < rest.length - 1; i++) {
      args.add(rest[i]);
    }
    args.addAll(List.of("busybox", "sh", "-c", "mkdir -p /w && echo " + rest[rest.length - 1]
        + " > /w/index.html && exec httpd -f -p 80 -h /w"));
    Cmd.Result r = docker(d, args.toArray(String[]::new));
    assertThat(r.code()).as(r.all()).isZero();
  }

  private static String ip(Berthd d, String container) throws Exception {
    return docker(d, "inspect", "-f", "{{(index .NetworkSettings.Networks \"ov\").IPAddress}}",
        container).out().strip();
  }

  /** The page {@code target} serves, fetched by name from inside {@code from}. */
  private static String fetch(Berthd d, String from, String target) throws Exception {
    Cmd.Result r = null;
    for (int i = 0; i < 20; i++) {
      r = docker(d, "exec", from, "timeout", "5", "wget", "-q", "-O", "-", "http://" + target
          + "/");
      if (r.code() == 0) {
        return r.out().strip();
      }
      Thread.sleep(250);
    }
    return r.all();
  }

  private static Cmd.Result docker(Berthd d, String... args) throws Exception {
    return Cmd.docker(d, args);
  }

  private static void await(java.util.concurrent.Callable<Boolean> check, long ms)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (!check.call()) {
      assertThat(System.nanoTime()).as("not within %d ms", ms).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static Cmd.Result sh(String script) throws Exception {
    return Cmd.run(Map.of(), null, List.of("sh", "-c", script));
  }

  private static void must(String script) throws Exception {
    Cmd.Result r = sh(script);
    assertThat(r.code()).as(script + ": " + r.all()).isZero();
  }
}
