package io.berth.api.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.api.server.http.HttpServer;
import io.berth.api.server.http.Router;
import io.berth.api.server.http.UnixListener;
import io.berth.testkit.FakeRuntime;
import io.berth.engine.fake.TestEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container and exec routes over a real unix socket, on the fake runtime. */
class ContainerRoutesTest {
  @TempDir Path dir;
  TestEngine engine;
  HttpServer server;
  Path socket;

  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }

    String message() throws IOException {
      return json().get("message").asText();
    }
  }

  /** One raw connection: write a request, then read the head and the body separately. */
  final class Conn implements AutoCloseable {
    final SocketChannel ch;
    final InputStream in;
    final OutputStream out;
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();

    Conn(String method, String target, String body, String extraHeaders) throws IOException {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      in = Channels.newInputStream(ch);
      out = Channels.newOutputStream(ch);
      byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      out.write((method + " " + target + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
          + extraHeaders + (body == null ? "" : "Content-Type: application/json\r\n")
          + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
    }

    Conn head() throws IOException {
      String first = line(in);
      status = Integer.parseInt(first.split(" ")[1]);
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
      }
      return this;
    }

    byte[] body() throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      if ("chunked".equals(headers.get("transfer-encoding"))) {
        for (int n = Integer.parseInt(line(in), 16); n > 0; n = Integer.parseInt(line(in), 16)) {
          buf.write(in.readNBytes(n));
          line(in);
        }
      } else if (headers.containsKey("content-length")) {
        buf.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      } else {
        buf.write(in.readAllBytes());
      }
      return buf.toByteArray();
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    engine = new TestEngine(dir);
    server = new HttpServer(new Router().addAll(ContainerRoutes.routes(engine.service))
        .addAll(ExecRoutes.routes(engine.service.execs()))
        .addAll(SupervisionRoutes.routes(engine.service))
        .addAll(EventRoutes.routes(engine.service.events())), "test");
    socket = dir.resolve("s.sock");
    server.serve(UnixListener.bind(socket));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Response call(String method, String target, String body) throws IOException {
    try (Conn c = new Conn(method, target, body, "")) {
      c.head();
      return new Response(c.status, c.headers, c.body());
    }
  }

  private static byte[] frame(int type, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[8 + p.length];
    out[0] = (byte) type;
    out[7] = (byte) p.length;
    System.arraycopy(p, 0, out, 8, p.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void runLifecycleOverTheWire() throws Exception {
    engine.runtime.scripts = r -> FakeRuntime.Script.print(3, "hi\n", "err\n");
    Response created = call("POST", "/v1.44/containers/create?name=web",
        "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"],\"HostConfig\":{\"Memory\":0,"
            + "\"Unknown\":{\"x\":1}},\"NetworkingConfig\":{}}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("Id").asText();
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(created.json().get("Warnings")).isEmpty();

    try (Conn wait = new Conn("POST", "/v1.44/containers/web/wait?condition=next-exit", null, "");
        Conn attach = new Conn("POST", "/v1.44/containers/" + id.substring(0, 12)
            + "/attach?stream=1&stdout=1&stderr=1", null,
            "Connection: Upgrade\r\nUpgrade: tcp\r\n")) {
      assertThat(wait.head().status).isEqualTo(200); // before start: headers come at once
      attach.head();
      assertThat(attach.status).isEqualTo(101);
      assertThat(attach.headers.get("content-type"))
          .isEqualTo("application/vnd.docker.multiplexed-stream");
      assertThat(call("POST", "/v1.44/containers/web/start", null).status()).isEqualTo(204);
      assertThat(attach.in.readAllBytes()).isEqualTo(concat(frame(1, "hi\n"), frame(2, "err\n")));
      assertThat(new String(wait.body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"StatusCode\":3,\"Error\":null}\n");
    }

    JsonNode inspect = call("GET", "/v1.44/containers/web/json", null).json();
    assertThat(inspect.get("Id").asText()).isEqualTo(id);
    assertThat(inspect.get("Name").asText()).isEqualTo("/web");
    assertThat(inspect.get("Path").asText()).isEqualTo("echo");
    assertThat(inspect.get("Args").get(0).asText()).isEqualTo("hi");
    assertThat(inspect.get("State").get("Status").asText()).isEqualTo("exited");
    assertThat(inspect.get("State").get("Running").asBoolean()).isFalse();
    assertThat(inspect.get("State").get("ExitCode").asInt()).isEqualTo(3);
    assertThat(inspect.get("Config").get("Tty").asBoolean()).isFalse();
    assertThat(inspect.get("Config").get("Labels").get("app").asText()).isEqualTo("sh");
    assertThat(inspect.get("HostConfig").get("LogConfig").get("Type").asText())
        .isEqualTo("json-file");
    assertThat(inspect.get("HostConfig").get("Unknown").get("x").asInt()).isEqualTo(1);
    assertThat(inspect.get("Driver").asText()).isEqualTo("overlayfs");
    assertThat(inspect.get("NetworkSettings").get("Networks").isObject()).isTrue();
    assertThat(inspect.get("Image").asText()).isEqualTo(engine.imageId);

    Response logs = call("GET", "/v1.44/containers/web/logs?stdout=1&stderr=1&tail=all", null);
    assertThat(logs.status()).isEqualTo(200);
    assertThat(logs.body()).isEqualTo(concat(frame(1, "hi\n"), frame(2, "err\n")));
    assertThat(call("GET", "/v1.41/containers/web/logs?stdout=1", null).headers()
        .get("content-type")).isEqualTo("application/vnd.docker.raw-stream");

    JsonNode list = call("GET", "/v1.44/containers/json?all=1", null).json();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("Names").get(0).asText()).isEqualTo("/web");
    assertThat(list.get(0).get("Command").asText()).isEqualTo("echo hi");
    assertThat(list.get(0).get("State").asText()).isEqualTo("exited");
    assertThat(list.get(0).get("Status").asText()).matches("Exited \\(3\\) .* ago");
    assertThat(call("GET", "/v1.44/containers/json", null).json()).isEmpty();
    Response badFilter = call("GET", "/v1.44/containers/json?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D", null);
    assertThat(badFilter.status()).isEqualTo(400);
    assertThat(badFilter.message()).isEqualTo("Invalid filter 'bogus'");

    assertThat(call("POST", "/v1.44/containers/web/stop", null).status()).isEqualTo(304);
    Response kill = call("POST", "/v1.44/containers/web/kill", null);
    assertThat(kill.status()).isEqualTo(409);
    assertThat(kill.message()).isEqualTo("Cannot kill container: " + id + ": Container " + id
        + " is not running");
    assertThat(call("DELETE", "/v1.44/containers/web", null).status()).isEqualTo(204);
    Response gone = call("GET", "/v1.44/containers/web/json", null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.message()).isEqualTo("No such container: web");
  }

  @Test
  void mountsHealthCheckAndUpdateKeepDockersJson() throws Exception {
    String mounts = "[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1024}},"
        + "{\"Type\":\"volume\",\"Source\":\"vol1\",\"Target\":\"/v\",\"ReadOnly\":true,"
        + "\"VolumeOptions\":{\"NoCopy\":true}}]";
    String health = "{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000}";
    Response created = call("POST", "/v1.44/containers/create?name=typed",
        "{\"Image\":\"busybox\",\"Healthcheck\":" + health + ",\"HostConfig\":{\"Mounts\":"
            + mounts + "}}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonNode inspect = call("GET", "/v1.44/containers/typed/json", null).json();
    assertThat(inspect.get("HostConfig").get("Mounts")).isEqualTo(Json.MAPPER.readTree(mounts));
    assertThat(inspect.get("Config").get("Healthcheck")).isEqualTo(Json.MAPPER.readTree(health));

    Response update = call("POST", "/v1.44/containers/typed/update",
        "{\"CpuShares\":512,\"RestartPolicy\":{\"Name\":\"always\"}}");
    assertThat(update.status()).isEqualTo(200);
    JsonNode host = call("GET", "/v1.44/containers/typed/json", null).json().get("HostConfig");
    assertThat(host.get("CpuShares").asLong()).isEqualTo(512);
    assertThat(host.get("RestartPolicy").get("Name").asText()).isEqualTo("always");
    Response wrong = call("POST", "/v1.44/containers/typed/update", "{\"CpuShares\":\"x\"}");
    assertThat(wrong.status()).isEqualTo(400);
  }

  @Test
  void changesAndExport() throws Exception {
    String id = call("POST", "/v1.44/containers/create?name=dx", "{\"Image\":\"busybox\"}")
        .json().get("Id").asText();
    Path upper = engine.layerDir(id);
    Path lower = engine.layerDir(engine.snapshots.stat(id).parent());
    Files.createDirectories(lower.resolve("bin"));
    Files.writeString(lower.resolve("bin/sh"), "sh");
    Files.createDirectories(upper.resolve("bin"));
    Files.writeString(upper.resolve("bin/sh"), "busybox");
    Files.setLastModifiedTime(upper.resolve("bin"),
        Files.getLastModifiedTime(lower.resolve("bin"))); // copied up, not changed itself
    Files.createDirectories(upper.resolve("tmp"));
    Files.writeString(upper.resolve("tmp/x"), "x");

    Response changes = call("GET", "/v1.44/containers/dx/changes", null);
    assertThat(changes.status()).isEqualTo(200);
    assertThat(changes.text()).isEqualTo("[{\"Path\":\"/bin/sh\",\"Kind\":0},"
        + "{\"Path\":\"/tmp\",\"Kind\":1},{\"Path\":\"/tmp/x\",\"Kind\":1}]\n");
    Response unknown = call("GET", "/v1.44/containers/nope/changes", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).isEqualTo("No such container: nope");

    Response stopped = call("GET", "/v1.44/containers/dx/export", null);
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.headers().get("content-type")).isEqualTo("application/x-tar");
    assertThat(tarNames(stopped.body())).isEmpty(); // the fake mounts nothing at the scratch dir
    assertThat(Files.list(engine.layout().execRoot().resolve("export"))).isEmpty();

    assertThat(call("POST", "/v1.44/containers/dx/start", null).status()).isEqualTo(204);
    Path rootfs = engine.layout().rootfs(id);
    Files.createDirectories(rootfs.resolve("bin"));
    Files.writeString(rootfs.resolve("bin/busybox"), "BB");
    assertThat(tarNames(call("GET", "/v1.44/containers/dx/export", null).body()))
        .containsExactly("bin/", "bin/busybox");
    Response gone = call("GET", "/v1.44/containers/nope/export", null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.message()).isEqualTo("No such container: nope");
  }

  private static List<String> tarNames(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void aChunkedCreateBodyPastFourMebibytesIs413() throws Exception {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(ch);
      out.write(("POST /v1.44/containers/create HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) ' ');
      for (int i = 0; i < 5; i++) {
        out.write(("100000\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\n\r\nGET /v1.44/containers/json HTTP/1.1\r\nHost: docker\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = Channels.newInputStream(ch);
      StringBuilder sb = new StringBuilder();
      while (!(sb.indexOf("200 OK") >= 0 && sb.toString().endsWith("]\n"))) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        sb.append((char) b);
      }
      String answer = sb.toString();
      assertThat(answer).startsWith("HTTP/1.1 413 Request Entity Too Large")
          .contains("{\"message\":\"request body is larger than 4 MiB\"}");
      // the rest of the body was skipped, so the next request on the connection is served
      assertThat(answer.substring(answer.indexOf("4 MiB"))).contains("HTTP/1.1 200 OK");
    }
  }

  @Test
  void createAndStateErrors() throws Exception {
    Response missing = call("POST", "/v1.44/containers/create", "{\"Image\":\"nosuch:1\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("No such image: nosuch:1");
    Response bad = call("POST", "/v1.44/containers/create?name=a%20b", "{\"Image\":\"busybox\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).isEqualTo(
        "Invalid container name (a b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    String id = call("POST", "/v1.44/containers/create?name=svc", "{\"Image\":\"busybox\"}")
        .json().get("Id").asText();
    Response dup = call("POST", "/v1.44/containers/create?name=svc", "{\"Image\":\"busybox\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.message()).startsWith("Conflict. The container name \"/svc\" is already in use"
        + " by container \"" + id + "\"");

    assertThat(call("POST", "/v1.44/containers/svc/start", null).status()).isEqualTo(204);
    assertThat(call("POST", "/v1.44/containers/svc/start", null).status()).isEqualTo(304);
    Response rm = call("DELETE", "/v1.44/containers/svc", null);
    assertThat(rm.status()).isEqualTo(409);
    assertThat(rm.message()).isEqualTo("You cannot remove a running container " + id
        + ". Stop the container before attempting removal or force remove");
    JsonNode top = call("GET", "/v1.44/containers/svc/top", null).json();
    assertThat(top.get("Titles").toString()).contains("PID");
    assertThat(call("POST", "/v1.44/containers/svc/resize?h=24&w=80", null).status())
        .isEqualTo(200);
    assertThat(engine.runtime.tasks.get(id).resizes).containsExactly("24x80");
    assertThat(call("POST", "/v1.44/containers/svc/stop?t=1", null).status()).isEqualTo(204);
    assertThat(call("GET", "/v1.44/containers/svc/json", null).json().get("State")
        .get("ExitCode").asInt()).isEqualTo(143);
    assertThat(call("POST", "/v1.44/containers/svc/rename?name=svc2", null).status())
        .isEqualTo(204);
    JsonNode pruned = call("POST", "/v1.44/containers/prune", null).json();
    assertThat(pruned.get("ContainersDeleted").get(0).asText()).isEqualTo(id);
  }

  @Test
  void execOverTheWire() throws Exception {
    String id = call("POST", "/v1.44/containers/create?name=ex", "{\"Image\":\"busybox\"}")
        .json().get("Id").asText();
    Response notRunning = call("POST", "/v1.44/containers/ex/exec", "{\"Cmd\":[\"ls\"]}");
    assertThat(notRunning.status()).isEqualTo(409);
    assertThat(notRunning.message()).isEqualTo("Container " + id + " is not running");
    call("POST", "/v1.44/containers/ex/start", null);
    engine.runtime.execScripts = r -> FakeRuntime.Script.print(5, "out\n", "e\n");
    Response created = call("POST", "/v1.44/containers/ex/exec",
        "{\"Cmd\":[\"ls\",\"-l\"],\"AttachStdout\":true,\"AttachStderr\":true}");
    assertThat(created.status()).isEqualTo(201);
    String exec = created.json().get("Id").asText();
    try (Conn start = new Conn("POST", "/v1.44/exec/" + exec + "/start",
        "{\"Detach\":false,\"Tty\":false}", "Connection: Upgrade\r\nUpgrade: tcp\r\n")) {
      assertThat(start.head().status).isEqualTo(101);
      assertThat(start.in.readAllBytes()).isEqualTo(concat(frame(1, "out\n"), frame(2, "e\n")));
    }
    JsonNode inspect = call("GET", "/v1.44/exec/" + exec + "/json", null).json();
    assertThat(inspect.get("ExitCode").asInt()).isEqualTo(5);
    assertThat(inspect.get("Running").asBoolean()).isFalse();
    assertThat(inspect.get("ContainerID").asText()).isEqualTo(id);
    assertThat(inspect.get("ProcessConfig").get("entrypoint").asText()).isEqualTo("ls");
    // as dockerd: ExecIDs lists running execs only; a finished one stays inspectable by id
    assertThat(call("GET", "/v1.44/containers/ex/json", null).json().get("ExecIDs").isEmpty())
        .isTrue();
    Response nope = call("GET", "/v1.44/exec/nope/json", null);
    assertThat(nope.status()).isEqualTo(404);
    assertThat(nope.message()).isEqualTo("No such exec instance: nope");
    assertThat(call("DELETE", "/v1.44/containers/ex?force=1", null).status()).isEqualTo(204);
  }

  @Test
  void ttyAttachIsRawAndRemovedWaitCompletesOnAutoRemove() throws Exception {
    engine.runtime.scripts = r -> FakeRuntime.Script.echo();
    String id = call("POST", "/v1.44/containers/create", "{\"Image\":\"busybox\",\"Tty\":true,"
        + "\"OpenStdin\":true,\"StdinOnce\":true,\"HostConfig\":{\"AutoRemove\":true}}")
        .json().get("Id").asText();
    try (Conn wait = new Conn("POST", "/v1.44/containers/" + id + "/wait?condition=removed",
        null, "");
        Conn attach = new Conn("POST", "/v1.44/containers/" + id
            + "/attach?stream=1&stdin=1&stdout=1&stderr=1", null,
            "Connection: Upgrade\r\nUpgrade: tcp\r\n")) {
      wait.head();
      attach.head();
      assertThat(attach.headers.get("content-type"))
          .isEqualTo("application/vnd.docker.raw-stream");
      assertThat(call("POST", "/v1.44/containers/" + id + "/start", null).status())
          .isEqualTo(204);
      attach.out.write("typed".getBytes(StandardCharsets.UTF_8));
      attach.out.flush();
      attach.ch.shutdownOutput(); // the client's stdin ended: StdinOnce closes the container's
      assertThat(new String(attach.in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("typed");
      assertThat(new String(wait.body(), StandardCharsets.UTF_8))
          .isEqualTo("{\"StatusCode\":0,\"Error\":null}\n");
    }
    assertThat(call("GET", "/v1.44/containers/" + id + "/json", null).status()).isEqualTo(404);
  }

  @Test
  void eventsStreamContainerActions() throws Exception {
    try (Conn events = new Conn("GET", "/v1.44/events?filters=%7B%22type%22%3A%5B%22container"
        + "%22%5D%2C%22event%22%3A%7B%22create%22%3Atrue%7D%7D", null, "")) {
      assertThat(events.head().status).isEqualTo(200);
      Thread.sleep(100); // the subscription is made right after the headers
      String id = call("POST", "/v1.44/containers/create?name=ev", "{\"Image\":\"busybox\"}")
          .json().get("Id").asText();
      int size = Integer.parseInt(line(events.in), 16);
      JsonNode e = Json.MAPPER.readTree(events.in.readNBytes(size));
      assertThat(e.get("Type").asText()).isEqualTo("container");
      assertThat(e.get("Action").asText()).isEqualTo("create");
      assertThat(e.get("Actor").get("ID").asText()).isEqualTo(id);
      assertThat(e.get("Actor").get("Attributes").get("name").asText()).isEqualTo("ev");
      assertThat(e.get("status").asText()).isEqualTo("create");
      assertThat(e.get("timeNano").asLong()).isPositive();
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
