package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cluster-store}, {@code --cluster-advertise}, {@code --cluster-store-opt} (ADR 0124). */
class ClusterConfigTest {
  @TempDir Path dir;

  private DaemonConfig resolve(String json, String... flags) throws Exception {
    Path f = dir.resolve("daemon.json");
    Files.writeString(f, json);
    String[] args = new String[flags.length + 2];
    args[0] = "--config-file";
    args[1] = f.toString();
    System.arraycopy(flags, 0, args, 2, flags.length);
    return BerthdCommand.from(Flags.parse(args)).resolve();
  }

  @Test
  void noStoreNoCluster() throws Exception {
    assertThat(resolve("{}").network().cluster()).isNull();
  }

  @Test
  void flagsGiveTheEndpointsInOrderAndTheAdvertisedAddressWithoutItsPort() throws Exception {
    ClusterConfig c = resolve("{}", "--cluster-store", "etcd://10.1.0.1:2379,10.1.0.2:2379",
        "--cluster-advertise", "10.1.0.7:2376").network().cluster();
    assertThat(c.endpoints()).containsExactly(URI.create("http://10.1.0.1:2379"),
        URI.create("http://10.1.0.2:2379"));
    assertThat(c.advertise()).isEqualTo("10.1.0.7");
    assertThat(c.tls()).isNull();
    assertThat(c.leaseTtl()).isEqualTo(15);
  }

  @Test
  void daemonJsonWithTlsFilesAsksOverHttps() throws Exception {
    ClusterConfig c = resolve("{\"cluster-store\": \"etcd://store:2379\","
        + " \"cluster-advertise\": \"10.1.0.7\", \"cluster-store-opts\": {"
        + "\"kv.cacertfile\": \"/ca.pem\", \"kv.certfile\": \"/c.pem\","
        + " \"kv.keyfile\": \"/k.pem\", \"kv.ttl\": \"20s\"}}").network().cluster();
    assertThat(c.endpoints()).containsExactly(URI.create("https://store:2379"));
    assertThat(c.tls().ca()).isEqualTo(Path.of("/ca.pem"));
    assertThat(c.tls().key()).isEqualTo(Path.of("/k.pem"));
    assertThat(c.leaseTtl()).isEqualTo(20);
  }

  @Test
  void badCombinationsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> resolve("{}", "--cluster-store", "etcd://s:2379"))
        .hasMessageContaining("needs --cluster-advertise");
    assertThatThrownBy(() -> resolve("{}", "--cluster-advertise", "10.1.0.7"))
        .hasMessageContaining("need a cluster-store");
    assertThatThrownBy(() -> resolve("{}", "--cluster-store", "consul://s:8500",
        "--cluster-advertise", "10.1.0.7")).hasMessageContaining("consul and zookeeper are not");
    assertThatThrownBy(() -> resolve("{}", "--cluster-store", "etcd://s:2379",
        "--cluster-advertise", "10.1.0.7", "--cluster-store-opt", "kv.certfile=/c.pem"))
        .hasMessageContaining("needs kv.cacertfile, kv.certfile and kv.keyfile");
    assertThatThrownBy(() -> resolve("{\"cluster-store\": \"etcd://a:1\"}", "--cluster-store",
        "etcd://s:2379")).hasMessageContaining("cluster-store: (from flag");
  }
}
