package io.berth.api.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Router;
import io.berth.api.server.http.UnixListener;
import io.berth.engine.fake.TestEngine;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The volume and archive routes over a real unix socket, on the fake engine. */
class VolumeRoutesTest {
  @TempDir Path dir;
  TestEngine engine;
  HttpServer server;
  Path socket;

  record Response(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }
  }

  @BeforeEach
  void start() throws Exception {
    engine = new TestEngine(dir);
    server = new HttpServer(new Router().addAll(ContainerRoutes.routes(engine.service))
        .addAll(VolumeRoutes.routes(engine.volumes))
        .addAll(ArchiveRoutes.routes(engine.service)), "test");
    socket = dir.resolve("s.sock");
    server.serve(UnixListener.bind(socket));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Response call(String method, String target, String body) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      Channels.newOutputStream(ch).write((method + " " + target + " HTTP/1.1\r\nHost: x\r\n"
          + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + b.length
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      Channels.newOutputStream(ch).write(b);
      String all = new String(Channels.newInputStream(ch).readAllBytes(),
          StandardCharsets.UTF_8);
      int end = all.indexOf("\r\n\r\n");
      String[] lines = all.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, c).toLowerCase(Locale.ROOT),
            lines[i].substring(c + 1).trim());
      }
      return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers,
          all.substring(end + 4));
    }
  }

  @Test
  void createInspectListRemove() throws Exception {
    Response created = call("POST", "/v1.44/volumes/create",
        "{\"Name\":\"data\",\"Labels\":{\"a\":\"b\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("Mountpoint").asText())
        .isEqualTo(dir.resolve("root/volumes/data/_data").toString());
    assertThat(created.json().get("Scope").asText()).isEqualTo("local");
    assertThat(call("GET", "/v1.44/volumes/data", null).json().get("Labels").get("a").asText())
        .isEqualTo("b");
    assertThat(call("GET", "/v1.44/volumes?filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D",
        null).json().get("Volumes")).hasSize(1);
    assertThat(call("GET", "/v1.44/volumes?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", null)
        .status()).isEqualTo(400);
    Response missing = call("GET", "/v1.44/volumes/nope", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("get nope: no such volume");
    assertThat(call("DELETE", "/v1.44/volumes/data", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/v1.44/volumes/data?force=1", null).status()).isEqualTo(204);
  }

  @Test
  void inUseIsConflictAndMountsShowInInspect() throws Exception {
    Response c = call("POST", "/v1.44/containers/create?name=user",
        "{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"used:/u:ro\"]}}");
    assertThat(c.status()).isEqualTo(201);
    String id = c.json().get("Id").asText();
    Response rm = call("DELETE", "/v1.44/volumes/used", null);
    assertThat(rm.status()).isEqualTo(409);
    assertThat(rm.json().get("message").asText())
        .isEqualTo("remove used: volume is in use - [" + id + "]");
    JsonNode mount = call("GET", "/v1.44/containers/user/json", null).json().get("Mounts").get(0);
    assertThat(mount.toString()).isEqualTo("{\"Type\":\"volume\",\"Name\":\"used\",\"Source\":\""
        + dir.resolve("root/volumes/used/_data") + "\",\"Destination\":\"/u\",\"Driver\":"
        + "\"local\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"\"}");
    assertThat(call("DELETE", "/v1.44/containers/user?v=1", null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/v1.44/volumes/used", null).status()).isEqualTo(204);
  }

  @Test
  void pruneKeepsNamedVolumesFromApi142OnUnlessAll() throws Exception {
    call("POST", "/v1.44/volumes/create", "{\"Name\":\"named\"}");
    call("POST", "/v1.44/volumes/create",
        "{\"Labels\":{\"com.docker.volume.anonymous\":\"\"}}");
    JsonNode first = call("POST", "/v1.44/volumes/prune", null).json();
    assertThat(first.get("VolumesDeleted")).hasSize(1);
    // dockerd: an empty list, not null
    JsonNode none = call("POST", "/v1.44/volumes/prune", null).json().get("VolumesDeleted");
    assertThat(none.isArray() && none.isEmpty()).isTrue();
    assertThat(call("POST", "/v1.41/volumes/prune", null).json().get("VolumesDeleted").get(0)
        .asText()).isEqualTo("named");
  }

  @Test
  void archiveHeadStatsAPathOfAStoppedContainer() throws Exception {
    call("POST", "/v1.44/containers/create?name=box", "{\"Image\":\"busybox\"}");
    Response head = call("HEAD", "/v1.44/containers/box/archive?path=/", null);
    assertThat(head.status()).isEqualTo(200);
    JsonNode stat = Json.MAPPER.readTree(Base64.getDecoder().decode(
        head.headers().get("x-docker-container-path-stat")));
    assertThat(stat.get("name").asText()).isEqualTo("/");
    assertThat(stat.get("mode").asLong() & (1L << 31)).isNotZero();
    assertThat(stat.get("linkTarget").asText()).isEmpty();
    Response absent = call("GET", "/v1.44/containers/box/archive?path=/nope", null);
    assertThat(absent.status()).isEqualTo(404);
    assertThat(absent.json().get("message").asText())
        .isEqualTo("Could not find the file /nope in container box");
    assertThat(call("HEAD", "/v1.44/containers/box/archive", null).status()).isEqualTo(400);
  }
}
