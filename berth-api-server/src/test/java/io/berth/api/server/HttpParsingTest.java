package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Route;
import io.berth.api.server.http.Router;
import io.berth.api.server.http.UnixListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1: request shapes that Go's net/http (dockerd's server) refuses, sent as raw bytes over
 * the unix socket; each expected answer is what the reference dockerd 20.10 sent for the same
 * bytes. Also the head timeouts, with short ones.
 */
class HttpParsingTest {
  private static final String GO_TEXT = "Content-Type: text/plain; charset=utf-8\r\n"
      + "Connection: close\r\n\r\n";

  @TempDir Path dir;
  Path socket;
  HttpServer server;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("api.sock");
    Router router = new Router()
        .add(Route.get("/_ping", ex -> ex.text(200, "text/plain", "OK")))
        .add(Route.post("/echo", ex -> ex.text(200, "text/plain",
            new String(ex.request().body().readAllBytes(), StandardCharsets.ISO_8859_1))))
        .add(Route.get("/slow", ex -> {
          try (var out = ex.stream(200, "text/plain")) {
            for (int i = 0; i < 4; i++) {
              Thread.sleep(800);
              out.write('x');
              out.flush();
            }
          }
        }));
    // long enough that a loaded machine parses a 1 MiB head in time; /slow outlasts both
    server = new HttpServer(router, "t", Duration.ofMillis(1500), Duration.ofMillis(2000));
    server.serve(UnixListener.bind(socket));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String exchange(String request) throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send(request);
      return c.readAll();
    }
  }

  @Test
  void twoDifferentContentLengthsAre400AndTheRestIsNeverARequest() throws Exception {
    String r = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        + "Content-Length: 5\r\n\r\n{}GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(r).isEqualTo("HTTP/1.1 400 Bad Request\r\n" + GO_TEXT + "400 Bad Request");
  }

  @Test
  void theSameContentLengthTwiceIsAccepted() throws Exception {
    String r = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        + "Content-Length: 2\r\nConnection: close\r\n\r\nab");
    assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("ab");
  }

  @Test
  void negativeOrSignedContentLengthIs400() throws Exception {
    for (String cl : new String[] {"-5", "+2", "", "1 2", "0x10"}) {
      assertThat(exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + cl
          + "\r\n\r\n{}")).as(cl).isEqualTo("HTTP/1.1 400 Bad Request\r\n" + GO_TEXT
          + "400 Bad Request");
    }
  }

  @Test
  void aTransferCodingOtherThanChunkedIs501() throws Exception {
    for (String te : new String[] {"Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: gzip, chunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"}) {
      assertThat(exchange("POST /echo HTTP/1.1\r\nHost: x\r\n" + te + "\r\n0\r\n\r\n")).as(te)
          .isEqualTo("HTTP/1.1 501 Not Implemented\r\n" + GO_TEXT
              + "Unsupported transfer encoding");
    }
  }

  @Test
  void chunkedWinsOverContentLength() throws Exception {
    String r = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n"
        + "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n2\r\nab\r\n0\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nab");
  }

  @Test
  void badHeaderNamesAndValuesAre400WithGosReason() throws Exception {
    for (String h : new String[] {"Bad Header: 1", "X-A : 1", "X(A): 1"}) {
      assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: x\r\n" + h + "\r\n\r\n")).as(h)
          .isEqualTo("HTTP/1.1 400 Bad Request: invalid header name\r\n" + GO_TEXT
              + "400 Bad Request: invalid header name");
    }
    assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n"))
        .isEqualTo("HTTP/1.1 400 Bad Request: invalid header value\r\n" + GO_TEXT
            + "400 Bad Request: invalid header value");
    assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"))
        .isEqualTo("HTTP/1.1 400 Bad Request\r\n" + GO_TEXT + "400 Bad Request");
  }

  @Test
  void http11WithoutHostIs400AndHttp10IsServedAndClosed() throws Exception {
    assertThat(exchange("GET /_ping HTTP/1.1\r\n\r\n"))
        .isEqualTo("HTTP/1.1 400 Bad Request: missing required Host header\r\n" + GO_TEXT
            + "400 Bad Request: missing required Host header");
    assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: a b\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request: malformed Host header\r\n");
    assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"))
        .startsWith("HTTP/1.1 400 Bad Request\r\n");
    // HTTP/1.0 needs no Host, and without keep-alive the server closes after the answer
    // (readAll returns only because the server closed)
    assertThat(exchange("GET /_ping HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK")
        .contains("Connection: close\r\n").endsWith("OK");
    try (RawClient c = new RawClient(socket)) {
      c.send("GET /_ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(c.readUntil("\r\n\r\nOK")).contains("Connection: keep-alive\r\n");
      c.send("GET /_ping HTTP/1.0\r\n\r\n");
      assertThat(c.readAll()).startsWith("HTTP/1.1 200 OK").endsWith("OK");
    }
  }

  @Test
  void otherProtocolVersionsAndBrokenRequestLines() throws Exception {
    assertThat(exchange("GET /_ping HTTP/2.0\r\nHost: x\r\n\r\n")).isEqualTo(
        "HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version\r\n" + GO_TEXT
            + "505 HTTP Version Not Supported: unsupported protocol version");
    for (String line : new String[] {"NONSENSE", "G(T /_ping HTTP/1.1", "GET _ping HTTP/1.1",
        "GET /_p%zzing HTTP/1.1"}) {
      assertThat(exchange(line + "\r\nHost: x\r\n\r\n")).as(line)
          .isEqualTo("HTTP/1.1 400 Bad Request\r\n" + GO_TEXT + "400 Bad Request");
    }
    assertThat(exchange("GET http://x/_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200 OK");
  }

  @Test
  void aLongRequestLineUnderAMebibyteIsServedAndAnOversizedHeadIs431() throws Exception {
    assertThat(exchange("GET /_ping?" + "a".repeat(100_000)
        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    assertThat(exchange("GET /_ping HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(1 << 20)
        + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    String tooLarge = "HTTP/1.1 431 Request Header Fields Too Large\r\n" + GO_TEXT
        + "431 Request Header Fields Too Large";
    assertThat(sendHalfAndRead("GET /_ping HTTP/1.1\r\nHost: x\r\nX-A: "
        + "a".repeat(1_100_000) + "\r\n\r\n")).isEqualTo(tooLarge);
    assertThat(sendHalfAndRead("GET /_ping?" + "a".repeat(1_100_000)
        + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(tooLarge);
  }

  /** Sends what the server reads before it answers 431, then reads the answer. */
  private String sendHalfAndRead(String request) throws Exception {
    try (RawClient c = new RawClient(socket)) {
      try {
        c.send(request);
      } catch (IOException e) {
        // the server answered and closed before reading everything, as Go does
      }
      return c.readAll();
    }
  }

  @Test
  void brokenChunkSizesAre400WithGosText() throws Exception {
    String[][] cases = {{"-1", "invalid byte in chunk length"},
        {"zz", "invalid byte in chunk length"},
        {"ffffffffffffffffff", "http chunk length too large"}};
    for (String[] c : cases) {
      String r = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Connection: close\r\n\r\n" + c[0] + "\r\n{}\r\n0\r\n\r\n");
      assertThat(r).as(c[0]).startsWith("HTTP/1.1 400 Bad Request")
          .endsWith("{\"message\":\"" + c[1] + "\"}\n");
    }
  }

  @Test
  void aConnectionThatSendsNoHeadIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send("GET /_ping HTTP/1.1\r\nHost: x\r\n"); // never ends its head
      long start = System.nanoTime();
      assertThat(c.readAll()).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedButARunningResponseIsNot() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      // the streamed answer takes 3.2 s, longer than both timeouts: it must arrive whole
      c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readAll()).contains("1\r\nx\r\n").endsWith("0\r\n\r\n");
    }
    try (RawClient c = new RawClient(socket)) {
      c.send("GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readUntil("\r\n\r\nOK")).startsWith("HTTP/1.1 200 OK");
      // no next request: the server closes after the idle timeout
      assertThat(c.readAll()).isEmpty();
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsNotServedAsComplete() throws Exception {
    try (RawClient c = new RawClient(socket)) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
      c.channel.shutdownOutput();
      assertThat(c.readAll()).startsWith("HTTP/1.1 400 Bad Request")
          .endsWith("{\"message\":\"unexpected EOF\"}\n");
    }
  }
}
