package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.ApiVersion;
import io.berth.api.model.InfoResponse;
import io.berth.api.model.VersionResponse;
import io.berth.api.server.http.Hijacked;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Route;
import io.berth.api.server.http.Router;
import io.berth.api.server.http.UnixListener;
import io.berth.api.server.routes.SystemRoutes;
import io.berth.common.BerthException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: the HTTP layer over a real unix socket, with stub services. */
class HttpServerTest {
  @TempDir Path dir;
  Path socket;
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("api.sock");
    Router router = new Router()
        .addAll(SystemRoutes.routes(new StubSystem()))
        .add(Route.get("/boom", ex -> {
          throw BerthException.conflict("Container abc is not running");
        }))
        .add(Route.get("/crash", ex -> {
          throw new IllegalStateException("oops");
        }))
        .add(Route.post("/echo-body", ex -> ex.text(200, "text/plain",
            new String(ex.request().body().readAllBytes(), StandardCharsets.UTF_8))))
        .add(Route.get("/stream", ex -> {
          try (OutputStream out = ex.stream(200, "application/json")) {
            for (int i = 0; i < 3; i++) {
              out.write(("{\"n\":" + i + "}\r\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          }
        }))
        .add(Route.post("/hijack", HttpServerTest::upperEcho));
    server = new HttpServer(router, "9.9.9");
    server.serve(UnixListener.bind(socket));
  }

  /** The test route that proves hijacking: echoes input upper-cased, then "bye" after EOF. */
  private static void upperEcho(io.berth.api.server.http.Exchange ex) throws Exception {
    Hijacked h = ex.hijack("application/vnd.docker.raw-stream");
    byte[] buf = new byte[1024];
    int n;
    while ((n = h.input().read(buf)) > 0) {
      h.output().write(new String(buf, 0, n, StandardCharsets.UTF_8).toUpperCase()
          .getBytes(StandardCharsets.UTF_8));
      h.output().flush();
    }
    h.output().write("bye\n".getBytes(StandardCharsets.UTF_8));
    h.closeOutput();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String exchange(String request) throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send(request);
      c.channel.shutdownOutput();
      return c.readAll();
    }
  }

  @Test
  void pingCarriesDockerHeaders() throws Exception {
    String r = exchange("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Api-Version: 1.44\r\n", "Ostype: linux\r\n", "Docker-Experimental: false\r\n",
            "Builder-Version: 1\r\n", "Swarm: inactive\r\n", "Server: Berth/9.9.9 (linux)\r\n",
            "Cache-Control: no-cache, no-store, must-revalidate\r\n", "Pragma: no-cache\r\n")
        .endsWith("\r\n\r\nOK");
  }

  @Test
  void headPingHasNoBody() throws Exception {
    String r = exchange("HEAD /v1.44/_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 0\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void tooNewVersionIsRejectedWithDockersText() throws Exception {
    String r = exchange("GET /v1.99/version HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 400 ")
        .contains("Content-Type: application/json\r\n")
        .endsWith("{\"message\":\"client version 1.99 is too new. Maximum supported API version is 1.44\"}\n");
  }

  @Test
  void tooOldVersionIsRejected() throws Exception {
    String r = exchange("GET /v1.12/version HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 400 ")
        .contains("client version 1.12 is too old. Minimum supported API version is 1.24");
  }

  @Test
  void everyAcceptedVersionAndNoVersionServeTheRoute() throws Exception {
    for (String prefix : List.of("", "/v1.24", "/v1.32", "/v1.41", "/v1.44")) {
      String r = exchange("GET " + prefix + "/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(r).as(prefix).startsWith("HTTP/1.1 200 OK").contains("\"ApiVersion\":\"1.44\"");
    }
  }

  @Test
  void unknownRouteIsPageNotFoundJson() throws Exception {
    String r = exchange("GET /v1.44/nope HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 404 Not Found")
        .contains("Content-Type: application/json\r\n")
        .endsWith("{\"message\":\"page not found\"}\n");
  }

  @Test
  void errorsMapToDockerStatuses() throws Exception {
    assertThat(exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 409 Conflict")
        .endsWith("{\"message\":\"Container abc is not running\"}\n");
    assertThat(exchange("GET /crash HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 500 ").endsWith("{\"message\":\"oops\"}\n");
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send("POST /echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(c.readUntil("hello")).startsWith("HTTP/1.1 200 OK");
      c.send("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(c.readAll()).startsWith("HTTP/1.1 200 OK").endsWith("OK");
    }
  }

  @Test
  void chunkedRequestBodyIsDecoded() throws Exception {
    String r = exchange("POST /echo-body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("hello world");
  }

  @Test
  void streamingResponseIsChunked() throws Exception {
    String r = exchange("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).contains("Transfer-Encoding: chunked\r\n")
        .contains("9\r\n{\"n\":0}\r\n\r\n", "9\r\n{\"n\":2}\r\n\r\n").endsWith("0\r\n\r\n");
  }

  @Test
  void hijackAnswers101AndKeepsWritingAfterClientHalfCloses() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send("POST /v1.44/hijack HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
      String head = c.readUntil("\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 101 UPGRADED\r\n")
          .contains("Connection: Upgrade\r\n", "Upgrade: tcp\r\n",
              "Content-Type: application/vnd.docker.raw-stream\r\n");
      c.send("hello\n");
      assertThat(c.readUntil("HELLO\n")).endsWith("HELLO\n");
      c.channel.shutdownOutput();
      BufferedReader rest = new BufferedReader(new InputStreamReader(c.input(), StandardCharsets.UTF_8));
      assertThat(rest.readLine()).isEqualTo("bye");
      assertThat(rest.readLine()).isNull();
    }
  }

  @Test
  void hijackWithoutUpgradeHeaderAnswers200RawStream() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send("POST /hijack HTTP/1.1\r\nHost: x\r\n\r\n");
      c.channel.shutdownOutput();
      String r = c.readAll();
      assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nbye\n");
    }
  }

  @Test
  void malformedRequestLineGets400() throws Exception {
    assertThat(exchange("NONSENSE\r\n\r\n")).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void socketFileIsRemovedOnClose() throws Exception {
    assertThat(Files.exists(socket)).isTrue();
    server.close();
    assertThat(Files.exists(socket)).isFalse();
  }

  private static final class StubSystem implements SystemService {
    @Override
    public VersionResponse version() {
      return new VersionResponse(new VersionResponse.Platform("berth"), List.of(), "9.9.9",
          ApiVersion.CURRENT.toString(), ApiVersion.MINIMUM.toString(), "c", "java25", "linux",
          "amd64", "6.1", false, "");
    }

    @Override
    public InfoResponse info() {
      throw new UnsupportedOperationException();
    }
  }

}
