package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Container commands end to end against a fake daemon answering as dockerd does. */
class ContainerCommandsTest {
  private static final String ID = "4f1c2b3a9d8e7f60112233445566778899aabbccddeeff00112233445566";
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** A fake whose handler sees "METHOD /path" without the version prefix and the query. */
  private FakeDaemon fake(Map<String, Function<FakeDaemon.Request, FakeDaemon.Reply>> routes)
      throws Exception {
    daemon = new FakeDaemon(r -> {
      String path = r.target().replaceFirst("^/v[0-9.]+", "").replaceFirst("\\?.*", "");
      var route = routes.get(r.method() + " " + path);
      return route != null ? route.apply(r)
          : FakeDaemon.Reply.json(404, "{\"message\":\"page not found\"}");
    });
    return daemon;
  }

  private static FakeDaemon.Reply json(int status, String body) {
    return FakeDaemon.Reply.json(status, body);
  }

  private List<String> calls() {
    return daemon.requests.stream().map(r -> r.method() + " " + URLDecoder.decode(
        r.target().replaceFirst("^/v[0-9.]+", ""), StandardCharsets.UTF_8)).toList();
  }

  private JsonNode body(int request) throws Exception {
    return Json.MAPPER.readTree(daemon.requests.get(request).body());
  }

  private Map<String, Function<FakeDaemon.Request, FakeDaemon.Reply>> runRoutes(int exit) {
    return Map.of(
        "POST /containers/create", r -> json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}"),
        "POST /containers/" + ID + "/attach", r -> FakeDaemon.Reply.hijack(
            StdCopy.frame(1, "hello\n"), StdCopy.frame(2, "oops\n"), StdCopy.frame(1, "bye\n")),
        "POST /containers/" + ID + "/wait",
            r -> json(200, "{\"StatusCode\":" + exit + ",\"Error\":null}"),
        "POST /containers/" + ID + "/start", r -> FakeDaemon.Reply.empty(204));
  }

  @Test
  void runAttachesWaitsStartsAndExitsWithTheContainersCode() throws Exception {
    fake(runRoutes(3));
    Cli c = Cli.run(daemon.host(), "", "run", "--rm", "--name", "web", "-e", "A=1", "busybox",
        "sh", "-c", "echo hello");
    assertThat(c.out()).isEqualTo("hello\nbye\n");
    assertThat(c.err()).isEqualTo("oops\n");
    assertThat(c.exit()).isEqualTo(3);
    assertThat(calls()).containsExactly(
        "POST /containers/create?name=web",
        "POST /containers/" + ID + "/attach?stderr=1&stdout=1&stream=1",
        "POST /containers/" + ID + "/wait?condition=removed",
        "POST /containers/" + ID + "/start");
    JsonNode create = body(0);
    assertThat(create.path("Image").asText()).isEqualTo("busybox");
    assertThat(create.path("Cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo hello\"]");
    assertThat(create.path("Env").toString()).isEqualTo("[\"A=1\"]");
    assertThat(create.at("/HostConfig/AutoRemove").asBoolean()).isTrue();
    assertThat(create.path("AttachStdin").asBoolean()).isFalse();
    assertThat(daemon.requests.get(1).headers()).containsEntry("connection", "Upgrade")
        .containsEntry("upgrade", "tcp");
    assertThat(daemon.hijackInput.values()).containsExactly(new byte[0]);
  }

  @Test
  void runInteractiveSendsStdinAndHalfCloses() throws Exception {
    fake(runRoutes(0));
    Cli c = Cli.run(daemon.host(), "some input\n", "container", "run", "-i", "busybox", "cat");
    assertThat(c.exit()).isZero();
    assertThat(calls().get(1)).isEqualTo(
        "POST /containers/" + ID + "/attach?stderr=1&stdin=1&stdout=1&stream=1");
    assertThat(calls().get(2)).endsWith("/wait?condition=next-exit");
    assertThat(new String(daemon.hijackInput.values().iterator().next(), StandardCharsets.UTF_8))
        .isEqualTo("some input\n");
    JsonNode create = body(0);
    assertThat(create.path("AttachStdin").asBoolean()).isTrue();
    assertThat(create.path("OpenStdin").asBoolean()).isTrue();
    assertThat(create.path("StdinOnce").asBoolean()).isTrue();
    assertThat(create.path("Cmd").toString()).isEqualTo("[\"cat\"]");
  }

  @Test
  void runWithATtyDetachesOnCtrlPCtrlQWithoutWaiting() throws Exception {
    Terminal.stdin = () -> true;
    Terminal.rawMode = () -> () -> { };
    try {
      fake(runRoutes(3));
      Cli c = Cli.run(daemon.host(), "ls\n\u0010\u0011more", "run", "-it", "busybox", "sh");
      assertThat(c.exit()).isZero();
      // The client closed without a half-close: the fake sees that on its own time.
      for (int i = 0; i < 500 && daemon.hijackInput.isEmpty(); i++) {
        Thread.sleep(10);
      }
      assertThat(new String(daemon.hijackInput.values().iterator().next(),
          StandardCharsets.UTF_8)).isEqualTo("ls\n");
      assertThat(body(0).path("Tty").asBoolean()).isTrue();
    } finally {
      Terminal.stdin = () -> false;
      Terminal.rawMode = Terminal::raw;
    }
  }

  @Test
  void runDetachedPrintsTheIdWithoutAttaching() throws Exception {
    fake(runRoutes(0));
    Cli c = Cli.run(daemon.host(), "", "run", "-d", "-p", "8080:80", "busybox", "sleep", "9");
    assertThat(c.out()).isEqualTo(ID + "\n");
    assertThat(c.exit()).isZero();
    assertThat(calls()).containsExactly("POST /containers/create",
        "POST /containers/" + ID + "/wait?condition=next-exit",
        "POST /containers/" + ID + "/start");
    JsonNode create = body(0);
    assertThat(create.path("AttachStdout").asBoolean()).isFalse();
    assertThat(create.at("/HostConfig/PortBindings/80~1tcp/0/HostPort").asText())
        .isEqualTo("8080");
  }

  @Test
  void runPullsAMissingImageThenCreatesAgain() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    var routes = new java.util.HashMap<>(runRoutes(0));
    routes.put("POST /containers/create", r -> creates.getAndIncrement() == 0
        ? json(404, "{\"message\":\"No such image: busybox:latest\"}")
        : json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[\"low memory\"]}"));
    routes.put("POST /images/create", r -> FakeDaemon.Reply.stream(
        "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n"
            + "{\"status\":\"Digest: sha256:abc\"}\r\n"
            + "{\"status\":\"Status: Downloaded newer image for busybox:latest\"}\r\n"));
    fake(routes);
    Cli c = Cli.run(daemon.host(), "", "run", "busybox");
    assertThat(c.err()).isEqualTo("Unable to find image 'busybox:latest' locally\n"
        + "latest: Pulling from library/busybox\nDigest: sha256:abc\n"
        + "Status: Downloaded newer image for busybox:latest\nWARNING: low memory\noops\n");
    assertThat(c.out()).isEqualTo("hello\nbye\n");
    assertThat(calls().subList(0, 3)).containsExactly("POST /containers/create",
        "POST /images/create?fromImage=docker.io/library/busybox&tag=latest",
        "POST /containers/create");
    assertThat(daemon.requests.get(1).headers()).containsEntry("x-registry-auth", "e30=");
  }

  @Test
  void pullNeverReportsTheMissingImageAndAlwaysPullsFirst() throws Exception {
    var routes = new java.util.HashMap<>(runRoutes(0));
    routes.put("POST /containers/create",
        r -> json(404, "{\"message\":\"No such image: busybox:latest\"}"));
    fake(routes);
    Cli never = Cli.run(daemon.host(), "", "create", "--pull", "never", "busybox");
    assertThat(never.exit()).isEqualTo(125);
    assertThat(never.err()).contains("No such image: busybox:latest");
    assertThat(calls()).containsExactly("POST /containers/create");

    routes = new java.util.HashMap<>(runRoutes(0));
    routes.put("POST /images/create", r -> FakeDaemon.Reply.stream(
        "{\"status\":\"Status: Image is up to date for busybox:latest\"}\r\n"));
    fake(routes);
    Cli always = Cli.run(daemon.host(), "", "create", "--pull", "always", "busybox");
    assertThat(always.exit()).as(always.err()).isZero();
    assertThat(calls().subList(0, 2)).containsExactly(
        "POST /images/create?fromImage=docker.io/library/busybox&tag=latest",
        "POST /containers/create");
  }

  @Test
  void runMapsDaemonErrorsToDockersExitCodes() throws Exception {
    var routes = new java.util.HashMap<>(runRoutes(0));
    routes.put("POST /containers/" + ID + "/start", r -> json(400, "{\"message\":"
        + "\"failed to create task for container: exec: \\\"nope\\\": executable file not found"
        + " in $PATH: unknown\"}"));
    fake(routes);
    Cli c = Cli.run(daemon.host(), "", "run", "busybox", "nope");
    assertThat(c.exit()).isEqualTo(127);
    assertThat(c.err()).isEqualTo("berth: Error response from daemon: failed to create task for "
        + "container: exec: \"nope\": executable file not found in $PATH: unknown\n\n"
        + "Run 'berth run --help' for more information\n");
    daemon.close();
    fake(Map.of("POST /containers/create", r -> json(409, "{\"message\":\"Conflict. The "
        + "container name \\\"/web\\\" is already in use\"}")));
    Cli conflict = Cli.run(daemon.host(), "", "run", "--name", "web", "busybox");
    assertThat(conflict.exit()).isEqualTo(125);
    assertThat(conflict.err()).startsWith("berth: Error response from daemon: Conflict.");
    assertThat(Cli.run(daemon.host(), "", "run", "-m", "x", "busybox").exit()).isEqualTo(125);
  }

  @Test
  void runHostnameFlagIsNotHelp() throws Exception {
    fake(runRoutes(0));
    Cli c = Cli.run(daemon.host(), "", "run", "-d", "-h", "box", "busybox");
    assertThat(c.exit()).isZero();
    assertThat(body(0).path("Hostname").asText()).isEqualTo("box");
  }

  @Test
  void usageErrorsAreDockers() throws Exception {
    fake(Map.of());
    Cli bogus = Cli.run(daemon.host(), "", "run", "--bogus", "busybox");
    assertThat(bogus.err()).isEqualTo(
        "unknown flag: --bogus\n\nUsage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
        + "Run 'berth run --help' for more information\n");
    assertThat(bogus.exit()).isEqualTo(125);
    Cli missing = Cli.run(daemon.host(), "", "container", "rename", "a");
    assertThat(missing.err()).isEqualTo("berth: 'berth container rename' requires exactly 2 "
        + "arguments\n\nSee 'berth container rename --help' for more information\n");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(daemon.requests).isEmpty();
  }

  @Test
  void createPrintsTheId() throws Exception {
    fake(runRoutes(0));
    Cli c = Cli.run(daemon.host(), "", "create", "--name", "x", "busybox", "ls", "-l");
    assertThat(c.out()).isEqualTo(ID + "\n");
    assertThat(body(0).path("Cmd").toString()).isEqualTo("[\"ls\",\"-l\"]");
  }

  @Test
  void psTable() throws Exception {
    long now = Instant.now().getEpochSecond();
    fake(Map.of("GET /containers/json", r -> json(200, """
        [{"Id":"%s","Names":["/web"],"Image":"nginx:latest","Command":"nginx -g 'daemon off;'",
          "Created":%d,"State":"running","Status":"Up 2 hours",
          "Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                   {"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                   {"PrivatePort":443,"Type":"tcp"}],
          "Labels":{"b":"2","a":"1"},"SizeRw":12,"SizeRootFs":1000000},
         {"Id":"0123456789abcdef","Names":["/db","/web/db"],"Image":"sha256:89abcdef0123456789",
          "Command":"sh","Created":%d,"State":"exited","Status":"Exited (0) 5 seconds ago",
          "Ports":[],"Labels":{}}]""".formatted(ID, now - 7200, now - 70))));
    Cli c = Cli.run(daemon.host(), "", "ps", "-a");
    assertThat(c.out()).isEqualTo("""
        CONTAINER ID   IMAGE          COMMAND                  CREATED              STATUS                     PORTS                                              NAMES
        4f1c2b3a9d8e   nginx:latest   "nginx -g 'daemon of…"   2 hours ago          Up 2 hours                 443/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web
        0123456789ab   89abcdef0123   "sh"                     About a minute ago   Exited (0) 5 seconds ago                                                      db
        """);
    assertThat(calls().getLast()).isEqualTo("GET /containers/json?all=1");
    assertThat(Cli.run(daemon.host(), "", "ps", "-q", "--no-trunc").out())
        .isEqualTo(ID + "\n0123456789abcdef\n");
    Cli.run(daemon.host(), "", "container", "ls", "-n", "2", "-s", "-f", "status=exited");
    assertThat(calls().getLast()).isEqualTo("GET /containers/json?filters="
        + "{\"status\":{\"exited\":true}}&limit=2&size=1");
    assertThat(Cli.run(daemon.host(), "", "ps", "-l", "--format", "{{.Names}} {{.Labels}} {{.Size}}")
        .out()).isEqualTo("web a=1,b=2 12B (virtual 1MB)\ndb  0B\n");
    assertThat(calls().getLast()).isEqualTo("GET /containers/json?limit=1&size=1");
  }

  @Test
  void logsDemultiplexUnlessTheContainerHasATty() throws Exception {
    byte[] frames = new java.io.ByteArrayOutputStream() {
      {
        writeBytes(StdCopy.frame(1, "line 1\n"));
        writeBytes(StdCopy.frame(2, "warn\n"));
      }
    }.toByteArray();
    AtomicInteger tty = new AtomicInteger();
    fake(Map.of(
        "GET /containers/web/json", r -> json(200,
            "{\"Id\":\"" + ID + "\",\"Config\":{\"Tty\":" + (tty.get() == 1) + "}}"),
        "GET /containers/web/logs", r -> new FakeDaemon.Reply(200,
            "application/vnd.docker.multiplexed-stream", tty.get() == 1
                ? "raw\r\n".getBytes(StandardCharsets.UTF_8) : frames, true)));
    Cli c = Cli.run(daemon.host(), "", "logs", "-f", "-t", "-n", "10", "web");
    assertThat(c.out()).isEqualTo("line 1\n");
    assertThat(c.err()).isEqualTo("warn\n");
    assertThat(calls()).containsExactly("GET /containers/web/json",
        "GET /containers/web/logs?follow=1&stderr=1&stdout=1&tail=10&timestamps=1");
    tty.set(1);
    assertThat(Cli.run(daemon.host(), "", "container", "logs", "--since", "2024-01-02T03:04:05Z",
        "web").out()).isEqualTo("raw\r\n");
    assertThat(calls().getLast()).isEqualTo(
        "GET /containers/web/logs?since=1704164645.000000000&stderr=1&stdout=1&tail=all");
  }

  @Test
  void portsAreGroupedAsDockerDoes() throws Exception {
    assertThat(ContainerRows.ports(Json.MAPPER.readTree("""
        [{"PrivatePort":81,"Type":"tcp"},{"PrivatePort":80,"Type":"tcp"},
         {"PrivatePort":82,"Type":"udp"},{"IP":"0.0.0.0","PrivatePort":90,"PublicPort":90,"Type":"tcp"}]
        """))).isEqualTo("80-81/tcp, 82/udp, 0.0.0.0:90->90/tcp");
  }

  @Test
  void logsSinceAcceptsGoDurations() {
    Instant now = Instant.ofEpochSecond(1_000_000, 5);
    assertThat(LogsCommand.timestamp("1h30m", now)).isEqualTo("994600.000000005");
    assertThat(LogsCommand.timestamp("1.5s", now)).isEqualTo("999998.500000005");
    assertThat(LogsCommand.timestamp("1700000000", now)).isEqualTo("1700000000");
  }

  @Test
  void execRunsTheCommandAndExitsWithItsCode() throws Exception {
    fake(Map.of(
        "GET /containers/web/json", r -> json(200, "{\"Id\":\"" + ID + "\"}"),
        "POST /containers/web/exec", r -> json(201, "{\"Id\":\"e1\"}"),
        "POST /exec/e1/start", r -> FakeDaemon.Reply.hijack(StdCopy.frame(1, "root\n")),
        "GET /exec/e1/json", r -> json(200, "{\"ExitCode\":7,\"Running\":false}")));
    Cli c = Cli.run(daemon.host(), "data", "exec", "-i", "-u", "root", "-e", "X=1", "-w", "/tmp",
        "web", "sh", "-c", "id -un");
    assertThat(c.out()).isEqualTo("root\n");
    assertThat(c.exit()).isEqualTo(7);
    assertThat(calls()).containsExactly("GET /containers/web/json", "POST /containers/web/exec",
        "POST /exec/e1/start", "GET /exec/e1/json");
    assertThat(body(1).toString()).isEqualTo("{\"User\":\"root\",\"Privileged\":false,"
        + "\"Tty\":false,\"AttachStdin\":true,\"AttachStderr\":true,\"AttachStdout\":true,"
        + "\"Detach\":false,\"DetachKeys\":\"\",\"Env\":[\"X=1\"],\"WorkingDir\":\"/tmp\","
        + "\"Cmd\":[\"sh\",\"-c\",\"id -un\"]}");
    assertThat(body(2).toString()).isEqualTo("{\"Detach\":false,\"Tty\":false}");
    assertThat(daemon.hijackInput.get(daemon.requests.get(2).target()))
        .isEqualTo("data".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void execOnAMissingContainerFails() throws Exception {
    fake(Map.of("GET /containers/nope/json",
        r -> json(404, "{\"message\":\"No such container: nope\"}")));
    Cli c = Cli.run(daemon.host(), "", "exec", "nope", "true");
    assertThat(c.err()).isEqualTo("Error response from daemon: No such container: nope\n");
    assertThat(c.exit()).isEqualTo(1);
  }

  @Test
  void stopKillRmPrintNamesAndGatherErrors() throws Exception {
    var notFound = (Function<FakeDaemon.Request, FakeDaemon.Reply>)
        r -> json(404, "{\"message\":\"No such container: nope\"}");
    fake(Map.of(
        "POST /containers/a/stop", r -> FakeDaemon.Reply.empty(204),
        "POST /containers/nope/stop", notFound,
        "POST /containers/a/kill", r -> FakeDaemon.Reply.empty(204),
        "DELETE /containers/a", r -> FakeDaemon.Reply.empty(204),
        "DELETE /containers/nope", notFound,
        "POST /containers/a/wait", r -> json(200, "{\"StatusCode\":137}")));
    Cli stop = Cli.run(daemon.host(), "", "stop", "-t", "1", "-s", "SIGINT", "nope", "a");
    assertThat(stop.out()).isEqualTo("a\n");
    assertThat(stop.err()).isEqualTo("Error response from daemon: No such container: nope\n");
    assertThat(stop.exit()).isEqualTo(1);
    assertThat(calls().getLast()).isEqualTo("POST /containers/a/stop?signal=SIGINT&t=1");
    assertThat(Cli.run(daemon.host(), "", "kill", "-s", "KILL", "a").out()).isEqualTo("a\n");
    assertThat(calls().getLast()).isEqualTo("POST /containers/a/kill?signal=KILL");
    Cli rm = Cli.run(daemon.host(), "", "rm", "-f", "-v", "a", "nope");
    assertThat(rm.out()).isEqualTo("a\n");
    assertThat(rm.err()).isEqualTo("Error response from daemon: No such container: nope\n");
    assertThat(rm.exit()).isZero();
    assertThat(calls()).contains("DELETE /containers/a?force=1&v=1");
    assertThat(Cli.run(daemon.host(), "", "container", "rm", "nope").exit()).isEqualTo(1);
    assertThat(Cli.run(daemon.host(), "", "wait", "a").out()).isEqualTo("137\n");
  }

  @Test
  void startWithoutAttachListsFailures() throws Exception {
    fake(Map.of("POST /containers/a/start", r -> FakeDaemon.Reply.empty(204),
        "POST /containers/b/start", r -> json(404, "{\"message\":\"No such container: b\"}")));
    Cli c = Cli.run(daemon.host(), "", "start", "a", "b");
    assertThat(c.out()).isEqualTo("a\n");
    assertThat(c.err()).isEqualTo("Error response from daemon: No such container: b\n"
        + "Error: failed to start containers: b\n");
    assertThat(c.exit()).isEqualTo(1);
  }

  @Test
  void startAttachedAndAttach() throws Exception {
    var routes = new java.util.HashMap<>(runRoutes(2));
    routes.put("GET /containers/web/json", r -> json(200, "{\"Id\":\"" + ID + "\",\"Config\":"
        + "{\"Tty\":false,\"OpenStdin\":false},\"State\":{\"Running\":true},\"HostConfig\":{}}"));
    routes.put("POST /containers/web/wait", r -> json(200, "{\"StatusCode\":4}"));
    routes.put("POST /containers/web/attach", r -> FakeDaemon.Reply.hijack(
        StdCopy.frame(1, "attached\n")));
    fake(routes);
    Cli start = Cli.run(daemon.host(), "", "start", "-a", "web");
    assertThat(start.out()).isEqualTo("hello\nbye\n");
    assertThat(start.exit()).isEqualTo(2);
    assertThat(calls()).containsExactly("GET /containers/web/json",
        "POST /containers/" + ID + "/attach?stderr=1&stdout=1&stream=1",
        "POST /containers/" + ID + "/wait?condition=next-exit",
        "POST /containers/" + ID + "/start");
    daemon.requests.clear();
    Cli attach = Cli.run(daemon.host(), "", "attach", "--detach-keys", "ctrl-x", "web");
    assertThat(attach.out()).isEqualTo("attached\n");
    assertThat(attach.exit()).isEqualTo(4);
    assertThat(calls()).containsExactly("GET /containers/web/json",
        "POST /containers/web/wait",
        "POST /containers/web/attach?detachKeys=ctrl-x&stderr=1&stdout=1&stream=1");
  }

  @Test
  void attachToAStoppedContainerIsRefused() throws Exception {
    fake(Map.of("GET /containers/web/json", r -> json(200, "{\"State\":{\"Running\":false}}")));
    Cli c = Cli.run(daemon.host(), "", "attach", "web");
    assertThat(c.err()).isEqualTo("You cannot attach to a stopped container, start it first\n");
  }

  @Test
  void inspectTriesContainerThenImage() throws Exception {
    fake(Map.of(
        "GET /containers/web/json", r -> json(200, "{\"Id\":\"c1\",\"Name\":\"/web\"}"),
        "GET /containers/busybox/json", r -> json(404, "{\"message\":\"No such container: busybox\"}"),
        "GET /images/busybox/json", r -> json(200, "{\"Id\":\"sha256:i1\"}"),
        "GET /containers/nope/json", r -> json(404, "{\"message\":\"No such container: nope\"}"),
        "GET /images/nope/json", r -> json(404, "{\"message\":\"No such image: nope\"}")));
    Cli c = Cli.run(daemon.host(), "", "inspect", "-f", "{{.Id}}", "web", "busybox", "nope");
    assertThat(c.out()).isEqualTo("c1\nsha256:i1\n");
    assertThat(c.err()).isEqualTo("Error: No such object: nope\n");
    assertThat(c.exit()).isEqualTo(1);
    Cli typed = Cli.run(daemon.host(), "", "container", "inspect", "busybox");
    assertThat(typed.out()).isEqualTo("[]\n");
    assertThat(typed.err()).isEqualTo("Error response from daemon: No such container: busybox\n");
  }

  @Test
  void renameTopDiffPrune() throws Exception {
    fake(Map.of(
        "POST /containers/a/rename", r -> FakeDaemon.Reply.empty(204),
        "GET /containers/a/top", r -> json(200, "{\"Titles\":[\"UID\",\"PID\",\"CMD\"],"
            + "\"Processes\":[[\"root\",\"4242\",\"sleep 100\"]]}"),
        "GET /containers/a/changes", r -> json(200, "[{\"Path\":\"/tmp\",\"Kind\":0},"
            + "{\"Path\":\"/tmp/x\",\"Kind\":1},{\"Path\":\"/etc/motd\",\"Kind\":2}]"),
        "POST /containers/prune", r -> json(200,
            "{\"ContainersDeleted\":[\"c1\",\"c2\"],\"SpaceReclaimed\":2000}")));
    assertThat(Cli.run(daemon.host(), "", "rename", "a", "b").exit()).isZero();
    assertThat(calls().getLast()).isEqualTo("POST /containers/a/rename?name=b");
    assertThat(Cli.run(daemon.host(), "", "top", "a", "-ef").out()).isEqualTo(
        "UID                 PID                 CMD\n"
            + "root                4242                sleep 100\n");
    assertThat(calls().getLast()).isEqualTo("GET /containers/a/top?ps_args=-ef");
    assertThat(Cli.run(daemon.host(), "", "diff", "a").out())
        .isEqualTo("C /tmp\nA /tmp/x\nD /etc/motd\n");
    assertThat(Cli.run(daemon.host(), "y\n", "container", "prune").out()).isEqualTo(
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? "
            + "[y/N] Deleted Containers:\nc1\nc2\n\nTotal reclaimed space: 2kB\n");
  }
}
