package io.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Published ports of rootless berthd: slirp4netns listens on the host's address and port and
 * delivers to berthd's tap address (10.0.2.100) on the same port, where the DNAT rules take
 * the traffic to the container. Talks to slirp4netns's API socket ({@code --api-socket}): one
 * JSON request per connection, {@code add_hostfwd} and {@code remove_hostfwd}.
 */
public final class SlirpHostPorts implements HostPorts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path api;
  private final Map<String, List<Integer>> byContainer = new ConcurrentHashMap<>();

  public SlirpHostPorts(Path api) {
    this.api = api;
  }

  @Override
  public void open(ContainerNet c) {
    List<Integer> ids = new ArrayList<>();
    try {
      for (ContainerNet.PortMapping p : c.ports()) {
        // "::" is every address (ADR 0116): slirp4netns forwards its IPv4 side
        String hostIp = p.hostIp() == null || p.hostIp().isEmpty() || p.hostIp().equals("::")
            ? "0.0.0.0" : p.hostIp();
        if (hostIp.contains(":")) {
          continue; // slirp4netns 1.2 forwards IPv4 host addresses here
        }
        ObjectNode args = JSON.createObjectNode().put("proto", p.proto())
            .put("host_addr", hostIp).put("host_port", p.hostPort())
            .put("guest_port", p.hostPort());
        JsonNode answer = call("add_hostfwd", args);
        if (answer.has("error")) {
          throw BerthException.conflict("Bind for " + hostIp + ":" + p.hostPort()
              + " failed: " + answer.path("error").path("desc")
                  .asText("port is already allocated"));
        }
        ids.add(answer.path("return").path("id").asInt());
      }
    } catch (RuntimeException e) {
      ids.forEach(this::remove);
      throw e;
    }
    byContainer.put(c.containerId(), ids);
  }

  @Override
  public void close(String containerId) {
    List<Integer> ids = byContainer.remove(containerId);
    if (ids != null) {
      ids.forEach(this::remove);
    }
  }

  @Override
  public boolean dnatByHostAddress() {
    return false;
  }

  private void remove(int id) {
    try {
      call("remove_hostfwd", JSON.createObjectNode().put("id", id));
    } catch (RuntimeException e) {
      System.getLogger("berthd").log(System.Logger.Level.WARNING,
          "slirp4netns remove_hostfwd " + id + ": " + Messages.of(e));
    }
  }

  private JsonNode call(String command, ObjectNode args) {
    ObjectNode req = JSON.createObjectNode().put("execute", command);
    req.set("arguments", args);
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(api));
      ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(req)));
      ch.shutdownOutput();
      InputStream in = Channels.newInputStream(ch);
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return JSON.readTree(answer.isBlank() ? "{}" : answer);
    } catch (IOException e) {
      throw BerthException.internal("slirp4netns " + command + " (" + api + "): "
          + Messages.of(e), e);
    }
  }
}
