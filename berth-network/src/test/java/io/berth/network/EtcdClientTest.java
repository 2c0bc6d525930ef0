package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.common.BerthException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3: {@link EtcdClient} against a real etcd (Debian's etcd-server) on loopback ports of
 * its own, so the JSON gateway's shapes (base64, numbers as strings, false fields left out,
 * the watch stream) are checked, not assumed.
 */
class EtcdClientTest {
  @TempDir static Path dir;
  static Process etcd;
  static EtcdClient client;
  static int closedPort;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/etcd")),
        "etcd is not installed (Debian's etcd-server)");
    int port = freePort();
    int peer = freePort();
    closedPort = freePort();
    etcd = new ProcessBuilder("etcd", "--name", "t", "--data-dir", dir.resolve("d").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + port,
        "--advertise-client-urls", "http://127.0.0.1:" + port,
        "--listen-peer-urls", "http://127.0.0.1:" + peer,
        "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
        "--initial-cluster", "t=http://127.0.0.1:" + peer)
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    // the first endpoint refuses connections: the client goes on to the next
    client = new EtcdClient(List.of(URI.create("http://127.0.0.1:" + closedPort),
        URI.create("http://127.0.0.1:" + port)), null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        client.range("/");
        break;
      } catch (BerthException.Unavailable e) {
        assertThat(System.nanoTime()).as("etcd did not start").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (etcd != null) {
      etcd.destroy();
      etcd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static ClusterStore.KeyValue kv(String k, String v) {
    return new ClusterStore.KeyValue(k, v, 0, 0);
  }

  @Test
  void createAllWritesEveryKeyOnceAndNothingWhenOneExists() {
    assertThat(client.createAll(List.of("/c/a", "/c/b"), List.of(kv("/c/a", "1"),
        kv("/c/b", "é2")), 0)).isTrue();
    assertThat(client.createAll(List.of("/c/b", "/c/z"), List.of(kv("/c/b", "x"),
        kv("/c/z", "y")), 0)).isFalse();
    assertThat(client.range("/c/").kvs()).extracting(ClusterStore.KeyValue::key,
        ClusterStore.KeyValue::value).containsExactly(
            org.assertj.core.groups.Tuple.tuple("/c/a", "1"),
            org.assertj.core.groups.Tuple.tuple("/c/b", "é2"));
    assertThat(client.range("/c/a").kvs()).hasSize(1);
    client.delete(List.of("/c/a", "/c/b", "/c/none"));
    assertThat(client.range("/c/").kvs()).isEmpty();
  }

  @Test
  void keysOnALeaseGoWhenItIsRevokedAndAGoneLeaseIsNotRenewed() {
    long lease = client.grant(30);
    client.put("/l/k", "v", lease);
    assertThat(client.range("/l/").kvs().getFirst().lease()).isEqualTo(lease);
    assertThat(client.keepAlive(lease)).isTrue();
    client.revoke(lease);
    assertThat(client.range("/l/").kvs()).isEmpty();
    assertThat(client.keepAlive(lease)).isFalse();
    assertThatThrownBy(() -> client.revoke(lease))
        .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("lease not found");
  }

  @Test
  void aWatchReportsPutsAndDeletesUnderItsPrefixOnly() throws Exception {
    LinkedBlockingQueue<Long> changes = new LinkedBlockingQueue<>();
    try (ClusterStore.Watch w = client.watch("/w/", 0, changes::add, () -> { })) {
      Thread.sleep(300); // the watch is created when etcd has read the request
      client.put("/other", "x", 0);
      client.put("/w/a", "1", 0);
      Long put = changes.poll(5, TimeUnit.SECONDS);
      assertThat(put).isNotNull();
      client.delete(List.of("/w/a"));
      Long del = changes.poll(5, TimeUnit.SECONDS);
      assertThat(del).isNotNull().isGreaterThan(put);
      assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
