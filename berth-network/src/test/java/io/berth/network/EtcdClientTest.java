package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.common.BerthException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3: {@link EtcdClient} against a real etcd (Debian's etcd-server) on loopback ports of
 * its own, so the JSON gateway's shapes (base64, numbers as strings, false fields left out,
 * the watch stream) are checked, not assumed: it runs the {@link ClusterStoreContract}.
 */
class EtcdClientTest extends ClusterStoreContract {
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

  @Override
  protected ClusterStore open() {
    return client;
  }
}
