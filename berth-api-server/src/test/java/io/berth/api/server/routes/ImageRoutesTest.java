package io.berth.api.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Router;
import io.berth.api.server.http.UnixListener;
import io.berth.image.ImageService;
import io.berth.image.fake.TestImages;
import io.berth.testkit.FakeSnapshotter;
import io.berth.testkit.MemoryContentStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the image routes over a real unix socket with a raw HTTP/1.1 client. */
class ImageRoutesTest {
  @TempDir Path dir;
  FakeSnapshotter snapshots = new FakeSnapshotter();
  HttpServer server;
  Path socket;

  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }
  }

  @BeforeEach
  void start() throws IOException {
    ImageService images = new ImageService(dir.resolve("root"), new MemoryContentStore(),
        snapshots, snapshots);
    server = new HttpServer(new Router().addAll(ImageRoutes.routes(images)), "test");
    socket = dir.resolve("s.sock");
    server.serve(UnixListener.bind(socket));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void loadListInspectTagSaveRemove() throws Exception {
    byte[] base = TestImages.tar(Map.of("bin/sh", "sh"));
    var img = TestImages.image(List.of(TestImages.gzip(base)), List.of(base), "sh",
        List.of("busybox:latest"));
    String id = img.id().toString();

    Response load = call("POST", "/v1.44/images/load?quiet=1",
        TestImages.dockerSave(List.of(img)));
    assertThat(load.status()).isEqualTo(200);
    assertThat(load.headers().get("content-type")).isEqualTo("application/json");
    assertThat(load.text()).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}\r\n");

    JsonNode list = call("GET", "/v1.44/images/json?filters="
        + "%7B%22reference%22%3A%7B%22busybox%22%3Atrue%7D%7D", null).json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("Id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
    assertThat(list.get(0).get("Size").asLong()).isEqualTo(base.length);
    assertThat(list.get(0).has("VirtualSize")).isFalse();
    assertThat(call("GET", "/v1.41/images/json", null).json().get(0).has("VirtualSize")).isTrue();
    Response bad = call("GET", "/images/json?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).isEqualTo("Invalid filter 'bogus'");

    JsonNode inspect = call("GET", "/v1.44/images/busybox/json", null).json();
    assertThat(inspect.get("Id").asText()).isEqualTo(id);
    assertThat(inspect.get("Config").get("Cmd").get(0).asText()).isEqualTo("sh");
    // a container's Config, in Docker's order, without StopTimeout (ADR 0145)
    assertThat(inspect.get("Config").fieldNames()).toIterable().containsExactly("Hostname",
        "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts",
        "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Healthcheck", "Image", "Volumes",
        "WorkingDir", "Entrypoint", "OnBuild", "Labels", "StopSignal", "Shell");
    assertThat(inspect.get("ContainerConfig").get("Hostname").asText()).isEmpty();
    assertThat(inspect.get("RootFS").get("Layers").get(0).asText())
        .isEqualTo(io.berth.common.Digest.sha256(base).toString());
    assertThat(inspect.get("Created").asText()).isEqualTo("2024-01-02T03:04:06Z");

    assertThat(call("POST", "/v1.44/images/busybox/tag?repo=127.0.0.1%3A5055%2Fbb&tag=1", null)
        .status()).isEqualTo(201);
    assertThat(call("GET", "/v1.44/images/127.0.0.1:5055/bb:1/json", null).json()
        .get("RepoTags")).hasSize(2);
    assertThat(call("GET", "/v1.44/images/busybox/history", null).json()).hasSize(2);

    Response saved = call("GET", "/v1.44/images/get?names=busybox", null);
    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.headers().get("content-type")).isEqualTo("application/x-tar");
    assertThat(new String(saved.body(), StandardCharsets.ISO_8859_1)).contains("manifest.json");

    Response rmi = call("DELETE", "/v1.44/images/busybox", null);
    assertThat(rmi.json().toString()).isEqualTo("[{\"Untagged\":\"busybox:latest\"}]");
    Response conflict = call("DELETE", "/v1.44/images/127.0.0.1:5055/bb:1", null);
    assertThat(conflict.json().get(1).get("Deleted").asText()).isEqualTo(id);
    Response missing = call("GET", "/v1.44/images/busybox/json", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("No such image: busybox:latest");
    assertThat(snapshots.keys()).isEmpty();

    Response reload = call("POST", "/images/load", saved.body());
    assertThat(reload.text()).contains("Loaded image: busybox:latest")
        .doesNotContain("127.0.0.1:5055/bb:1");
    assertThat(call("GET", "/images/busybox/json", null).json().get("Id").asText())
        .isEqualTo(id);
    JsonNode df = call("GET", "/system/df", null).json();
    assertThat(df.get("LayersSize").asLong()).isEqualTo(base.length);
  }

  @Test
  void importAndErrors() throws Exception {
    byte[] rootfs = TestImages.tar(Map.of("etc/hostname", "x"));
    Response imp = call("POST", "/images/create?fromSrc=-&repo=imp&tag=1&changes="
        + "CMD%20%5B%22sh%22%5D&message=hi", rootfs);
    assertThat(imp.status()).isEqualTo(200);
    assertThat(imp.text()).startsWith("{\"status\":\"sha256:").endsWith("\"}\r\n");
    assertThat(call("GET", "/images/imp:1/json", null).json().get("Config").get("Cmd").get(0)
        .asText()).isEqualTo("sh");
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    // an unreachable registry is an error before the stream starts: 500 JSON, as dockerd
    Response pull = call("POST", "/images/create?fromImage=127.0.0.1:" + closed
        + "/x&tag=latest", null);
    assertThat(pull.status()).isEqualTo(500);
    assertThat(pull.json().get("message").asText()).contains("127.0.0.1:" + closed);
    Response badLoad = call("POST", "/images/load", "not a tar at all".getBytes());
    // dockerd 20.10 answers every load error in the stream, after a 200
    assertThat(badLoad.status()).isEqualTo(200);
    assertThat(badLoad.text()).contains("\"error\":\"Error processing tar file(exit status 1):"
        + " unexpected EOF\"");
    JsonNode prune = call("POST", "/images/prune?filters=%7B%22dangling%22%3A%5B%22false%22%5D%7D",
        null).json();
    assertThat(prune.get("ImagesDeleted")).hasSize(3);
    assertThat(prune.get("SpaceReclaimed").asLong()).isEqualTo(rootfs.length);
  }

  private Response call(String method, String target, byte[] body) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      var out = Channels.newOutputStream(ch);
      String head = method + " " + target + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
          + (body == null ? "" : "Content-Type: application/x-tar\r\nContent-Length: "
          + body.length + "\r\n") + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      InputStream in = Channels.newInputStream(ch);
      int status = Integer.parseInt(line(in).split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      if ("chunked".equals(headers.get("transfer-encoding"))) {
        for (int n = Integer.parseInt(line(in), 16); n > 0; n = Integer.parseInt(line(in), 16)) {
          buf.write(in.readNBytes(n));
          line(in);
        }
      } else if (headers.containsKey("content-length")) {
        buf.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      }
      return new Response(status, headers, buf.toByteArray());
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
