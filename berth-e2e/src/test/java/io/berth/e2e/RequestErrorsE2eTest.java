package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: request bodies whose fields have the wrong JSON type, across the API, are a 400 that
 * names the field in Go's words, never a 500 or a success (Docker 20.10 refuses each of them:
 * 400 for networks, volumes, exec and auth, 500 for create, commit and update, which moby made
 * 400s later). A table: method, path, body, a piece of the message. And an error whose
 * exception has no message of its own reads as plain words, never a Java class name.
 */
class RequestErrorsE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;

  record Row(String path, String body, String message) {}

  private static final String COMMIT = "/v1.44/commit?container=typed&repo=typed-image";

  private static final List<Row> ROWS = List.of(
      new Row(COMMIT, "{\"Labels\":[\"a\",\"b\"]}", "json: cannot unmarshal array into Go struct"
          + " field ContainerConfigWrapper.Labels of type map"),
      new Row(COMMIT, "{\"Labels\":{\"a\":1}}",
          "json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Labels"),
      new Row(COMMIT, "[\"x\"]",
          "json: cannot unmarshal array into Go value of type ContainerConfigWrapper"),
      new Row(COMMIT, "{\"Labels\":", "unexpected EOF"),
      new Row(COMMIT, "{\"Env\":{\"A\":\"1\"}}", "ContainerConfigWrapper.Env of type array"),
      new Row(COMMIT, "{\"Healthcheck\":{\"Interval\":\"1s\"}}", "json: cannot unmarshal string"
          + " into Go struct field ContainerConfigWrapper.Healthcheck.Interval of type int64"),
      new Row(COMMIT, "{\"ExposedPorts\":{\"80/tcp\":5}}",
          "json: cannot unmarshal number into Go struct field ContainerConfigWrapper.ExposedPorts"),
      new Row("/v1.44/containers/create", "{\"Image\":\"busybox\",\"Healthcheck\":"
          + "{\"Test\":\"true\"}}", "Config.Healthcheck.Test of type array"),
      new Row("/v1.44/containers/create", "{\"Image\":\"busybox\",\"NetworkingConfig\":"
          + "{\"EndpointsConfig\":[1]}}", "json: cannot unmarshal array into Go struct field"
          + " NetworkingConfig.EndpointsConfig of type map"),
      new Row("/v1.44/containers/create", "{\"Image\":\"busybox\",\"NetworkingConfig\":"
          + "{\"EndpointsConfig\":{\"bridge\":{\"Aliases\":\"a\"}}}}",
          "NetworkingConfig.EndpointsConfig.bridge.Aliases of type array"),
      new Row("/v1.44/containers/create", "{\"Image\":\"busybox\",\"Tty\":1}",
          "json: cannot unmarshal number into Go struct field Config.Tty of type bool"),
      new Row("/v1.44/containers/typed/update", "{\"Memory\":\"x\"}",
          "json: cannot unmarshal string into Go struct field UpdateConfig.Memory of type int64"),
      new Row("/v1.44/containers/typed/update", "{\"RestartPolicy\":{\"Name\":5}}",
          "UpdateConfig.RestartPolicy.Name of type string"),
      new Row("/v1.44/containers/typed/exec", "{\"Cmd\":[\"true\"],\"Tty\":5}",
          "json: cannot unmarshal number into Go struct field ExecCreateRequest.Tty of type bool"),
      new Row("/v1.44/networks/create", "{\"Name\":\"typed\",\"IPAM\":\"x\"}",
          "json: cannot unmarshal string into Go struct field NetworkCreateRequest.IPAM"),
      new Row("/v1.44/networks/create", "{\"Name\":\"typed\",\"Labels\":{\"a\":5}}",
          "json: cannot unmarshal number into Go struct field NetworkCreateRequest.Labels"),
      new Row("/v1.44/networks/create", "{\"Name\":\"typed\",\"CheckDuplicate\":\"x\"}",
          "NetworkCreateRequest.CheckDuplicate of type bool"),
      new Row("/v1.44/networks/bridge/connect", "{\"Container\":\"typed\",\"EndpointConfig\":5}",
          "json: cannot unmarshal number into Go struct field NetworkConnect.EndpointConfig"),
      new Row("/v1.44/networks/bridge/disconnect", "{\"Container\":\"typed\",\"Force\":\"x\"}",
          "json: cannot unmarshal string into Go struct field NetworkDisconnect.Force of type bool"),
      new Row("/v1.44/volumes/create", "{\"Name\":\"typed\",\"Labels\":{\"a\":5}}",
          "json: cannot unmarshal number into Go struct field CreateRequest.Labels"),
      new Row("/v1.44/swarm/init", "{\"ListenAddr\":\"127.0.0.1:2377\",\"ForceNewCluster\":\"x\"}",
          "json: cannot unmarshal string into Go struct field InitRequest.ForceNewCluster of type"
          + " bool"),
      new Row("/v1.44/auth", "{\"username\":5,\"serveraddress\":\"127.0.0.1:1\"}",
          "json: cannot unmarshal number into Go struct field AuthConfig.username of type string"));

  @BeforeAll
  static void start() throws Exception {
    daemon = Berthd.start(dir);
    Images.loadBusybox(daemon, dir);
    Cmd.Result c = Cmd.docker(daemon, "create", "--name", "typed", "busybox", "true");
    assertThat(c.code()).as(c.all()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void everyMistypedFieldIsA400NamingIt() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (Row r : ROWS) {
      RawHttp.Answer a = RawHttp.send(daemon.socket, "POST", r.path(), "application/json",
          r.body().getBytes(StandardCharsets.UTF_8));
      soft.assertThat(a.status()).as(r.path() + " " + r.body() + ": " + a.body()).isEqualTo(400);
      soft.assertThat(a.body()).as(r.path() + " " + r.body()).contains(r.message())
          .doesNotContain("java", "Jackson", "io.berth");
    }
    soft.assertAll();
    assertThat(Cmd.docker(daemon, "images", "-q", "typed-image").out()).isEmpty();
    assertThat(Cmd.docker(daemon, "network", "ls", "-q", "--filter", "name=typed").out())
        .isEmpty();
  }

  /** {@code docker login} to a port nobody listens on: the JDK's bare ConnectException. */
  @Test
  void aBareExceptionReadsAsPlainWords() throws Exception {
    Cmd.Result login = Cmd.docker(daemon, "login", "-u", "a", "-p", "b", "127.0.0.1:1");
    assertThat(login.code()).isNotZero();
    assertThat(login.err()).as(login.all()).contains("127.0.0.1:1/v2/: connection refused")
        .doesNotContain("Exception");
  }

  /** docker-py's commit with a list of labels: an APIError 400, as a client sees it. */
  @Test
  void dockerPysCommitWithAListOfLabelsIsA400() throws Exception {
    Cmd.Result probe = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c",
        "import docker"));
    assumeTrue(probe.code() == 0, "docker-py (python3-docker) is not installed");
    Cmd.Result py = Cmd.run(Map.of(), null, List.of("/usr/bin/python3", "-c",
        "import docker\nc = docker.APIClient(base_url='" + daemon.host() + "')\n"
            + "try:\n    c.commit('typed', repository='typed-image', conf={'Labels': ['a']})\n"
            + "except docker.errors.APIError as e:\n"
            + "    print(e.response.status_code, e.explanation)"));
    assertThat(py.out()).as(py.all()).isEqualTo("400 json: cannot unmarshal array"
        + " into Go struct field ContainerConfigWrapper.Labels of type map[string]string\n");
  }
}
