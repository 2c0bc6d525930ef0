package io.berth.engine;

import io.berth.engine.store.StoreJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import io.berth.network.ContainerNetworking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFilesTest {
  @Test
  void resolvConfDropsLoopbackNameservers() {
    assertThat(HostFiles.resolvConf(List.of("nameserver 127.0.0.53", "options edns0",
        "search example.org"))).isEqualTo("options edns0\nsearch example.org\n"
        + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    assertThat(HostFiles.resolvConf(List.of("nameserver ::1", "nameserver 10.0.0.2")))
        .isEqualTo("nameserver 10.0.0.2\n");
  }

  @Test
  void hostsHaveLocalhostAndTheContainer() {
    String hosts = HostFiles.hosts("abc123", "", "172.17.0.2");
    assertThat(hosts).startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n")
        .endsWith("172.17.0.2\tabc123\n");
    assertThat(HostFiles.hosts("h", "", null)).doesNotContain("\th\n");
  }

  @Test
  void startFilesCarryTheAddressExtraHostsAndDnsSettings(@TempDir Path dir) throws Exception {
    Path hostResolv = dir.resolve("host-resolv.conf");
    Files.writeString(hostResolv, "nameserver 10.0.0.53\nsearch corp\noptions edns0\n");
    HostConfig host = StoreJson.read(("{\"ExtraHosts\":[\"db:10.1.1.1\",\"me:host-gateway\"],"
        + "\"DnsSearch\":[\"example.org\"],\"DnsOptions\":[\"ndots:2\"]}").getBytes(),
        HostConfig.class, "host config");
    ContainerConfig config = StoreJson.read("{\"Hostname\":\"c1\"}".getBytes(),
        ContainerConfig.class, "config");
    new HostFiles(hostResolv).writeForStart(dir, config, host,
        new ContainerNetworking.Attachment(null, false, "172.20.0.2", List.of("127.0.0.11"),
            "172.20.0.1"), List.of());
    assertThat(Files.readString(dir.resolve("hosts"))).endsWith(
        "\n10.1.1.1\tdb\n172.20.0.1\tme\n172.20.0.2\tc1\n");
    assertThat(Files.readString(dir.resolve("resolv.conf"))).isEqualTo(
        "search example.org\nnameserver 127.0.0.11\noptions ndots:2\n");
    // without --dns-search/--dns-option: the host's, and Docker's ndots:0 for the embedded DNS
    HostConfig plain = StoreJson.read("{\"Dns\":[\"10.9.9.9\"]}".getBytes(), HostConfig.class,
        "host config");
    new HostFiles(hostResolv).writeForStart(dir, config, plain,
        new ContainerNetworking.Attachment(null, false, "172.20.0.2", List.of("127.0.0.11"),
            "172.20.0.1"), List.of("172.20.0.9\tw 0123456789ab web"));
    assertThat(Files.readString(dir.resolve("hosts"))).endsWith(
        "\n172.20.0.9\tw 0123456789ab web\n172.20.0.2\tc1\n");
    assertThat(Files.readString(dir.resolve("resolv.conf"))).isEqualTo(
        "search corp\nnameserver 127.0.0.11\noptions edns0 ndots:0\n");
    // the default bridge: --dns servers as they are
    new HostFiles(hostResolv).writeForStart(dir, config, plain,
        new ContainerNetworking.Attachment(null, false, "172.17.0.2", null, "172.17.0.1"),
        List.of());
    assertThat(Files.readString(dir.resolve("resolv.conf"))).isEqualTo(
        "search corp\nnameserver 10.9.9.9\noptions edns0\n");
  }

  @Test
  void names() {
    assertThat(Names.normalize("web")).isEqualTo("/web");
    assertThat(Names.normalize("/a.b_c-1")).isEqualTo("/a.b_c-1");
    assertThatThrownBy(() -> Names.normalize("-x")).isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage("Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    assertThatThrownBy(() -> Names.normalize("a")).isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(Names.generate(n -> false)).matches("/[a-z]+_[a-z]+");
  }

  @Test
  void signals() {
    assertThat(Signals.parse("SIGKILL", 15)).isEqualTo(9);
    assertThat(Signals.parse("term", 9)).isEqualTo(15);
    assertThat(Signals.parse("2", 9)).isEqualTo(2);
    assertThat(Signals.parse(null, 9)).isEqualTo(9);
    assertThat(Signals.parse("RTMIN+1", 9)).isEqualTo(35);
    assertThatThrownBy(() -> Signals.parse("NOPE", 9)).hasMessage("Invalid signal: NOPE");
  }

  @Test
  void psOutputIsFilteredByPid() {
    var t = PsProcessLister.parse("UID PID PPID C STIME TTY TIME CMD\n"
        + "root 1 0 0 10:00 ? 00:00:00 sh -c sleep 1\nroot 7 0 0 10:00 ? 00:00:00 other\n",
        java.util.Set.of("1"));
    assertThat(t.titles()).hasSize(8);
    assertThat(t.processes()).hasSize(1);
    assertThat(t.processes().getFirst().get(7)).isEqualTo("sh -c sleep 1");
  }
}
