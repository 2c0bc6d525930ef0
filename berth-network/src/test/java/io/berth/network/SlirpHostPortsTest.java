package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: the slirp4netns API requests of rootless published ports, against a fake API. */
class SlirpHostPortsTest {
  @TempDir Path dir;
  ServerSocketChannel server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** A fake slirp4netns API: one request per connection, read to EOF, as the real one. */
  Path api(Function<String, String> answer) throws Exception {
    Path sock = dir.resolve("api.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          try (SocketChannel c = server.accept()) {
            String req = new String(Channels.newInputStream(c).readAllBytes(),
                StandardCharsets.UTF_8);
            requests.add(req);
            c.write(ByteBuffer.wrap(answer.apply(req).getBytes(StandardCharsets.UTF_8)));
          }
        }
      } catch (Exception e) {
        // closed
      }
    });
    return sock;
  }

  @AfterEach
  void close() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static ContainerNet container(List<ContainerNet.PortMapping> ports) {
    return new ContainerNet("c1", "web", "bridge", Map.of(), Map.of(), false, List.of(), null,
        "/e/netns/c1", List.of(), ports);
  }

  @Test
  void forwardsEachHostPortToTheSamePortOfTheTapAndRemovesThemByTheirIds() throws Exception {
    int[] next = {4};
    SlirpHostPorts ports = new SlirpHostPorts(api(req -> req.contains("add_hostfwd")
        ? "{\"return\": {\"id\": " + next[0]++ + "}}" : "{\"return\": {}}"));
    ports.open(container(List.of(new ContainerNet.PortMapping("tcp", 80, "127.0.0.1", 40001),
        new ContainerNet.PortMapping("udp", 53, "", 40002))));
    assertThat(requests).containsExactly(
        "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"tcp\",\"host_addr\":"
            + "\"127.0.0.1\",\"host_port\":40001,\"guest_port\":40001}}",
        "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"udp\",\"host_addr\":"
            + "\"0.0.0.0\",\"host_port\":40002,\"guest_port\":40002}}");
    requests.clear();
    ports.close("c1");
    assertThat(requests).containsExactly(
        "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":4}}",
        "{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":5}}");
    requests.clear();
    ports.close("c1");
    assertThat(requests).isEmpty();
    assertThat(ports.dnatByHostAddress()).isFalse();
  }

  @Test
  void aPortTakenOnTheHostIsAConflictAndWhatWasOpenedIsClosedAgain() throws Exception {
    SlirpHostPorts ports = new SlirpHostPorts(api(req -> req.contains("40002")
        ? "{\"error\": {\"desc\": \"bad request: add_hostfwd: slirp_add_hostfwd failed\"}}"
        : req.contains("add_hostfwd") ? "{\"return\": {\"id\": 7}}" : "{\"return\": {}}"));
    assertThatThrownBy(() -> ports.open(container(List.of(
        new ContainerNet.PortMapping("tcp", 80, "127.0.0.1", 40001),
        new ContainerNet.PortMapping("tcp", 81, "127.0.0.1", 40002)))))
        .isInstanceOf(BerthException.Conflict.class)
        .hasMessageContaining("Bind for 127.0.0.1:40002 failed");
    assertThat(requests).hasSize(3).last().asString()
        .isEqualTo("{\"execute\":\"remove_hostfwd\",\"arguments\":{\"id\":7}}");
  }
}
