package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.Json;
import io.berth.api.model.JsonTree;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commands answered before picocli, and the reader that spares them an ObjectMapper. */
class FastPathTest {
  private static final String VERSION = """
      {"Platform":{"Name":"berth"},"Components":[{"Name":"Engine","Version":"1.6.0",
       "Details":{"ApiVersion":"1.44","MinAPIVersion":"1.24","GoVersion":"java25",
       "GitCommit":"abc","BuildTime":"2026-12-02T00:00:00Z","Os":"linux","Arch":"amd64",
       "Experimental":"false"}},{"Name":"runc","Version":"1.1.5","Details":{"GitCommit":"v1"}}],
       "Version":"1.6.0","ApiVersion":"1.44"}""";
  private FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void versionPrintsWhatThePicocliCommandPrints() throws Exception {
    daemon = new FakeDaemon(r -> FakeDaemon.Reply.json(200, VERSION));
    Cli fast = Cli.run(daemon.host(), "", "version");
    // `--format ''` is not a form the fast path takes: this one goes through picocli
    Cli slow = Cli.run(daemon.host(), "", "version", "--format", "");
    assertThat(fast.exit()).isZero();
    assertThat(fast.out()).isEqualTo(slow.out()).contains("Server: berth", " Engine:",
        "  API version:      1.44 (minimum version 1.24)", " runc:", "  GitCommit:        v1");
    assertThat(daemon.requests).extracting(FakeDaemon.Request::target)
        .containsExactly("/v1.44/version", "/v1.44/version");
  }

  @Test
  void onlyThePlainFormIsTaken() {
    assertThat(FastPath.run(new String[] {"version", "--help"})).isNull();
    assertThat(FastPath.run(new String[] {"-H", "unix:///x", "version", "-f", "json"})).isNull();
    assertThat(FastPath.run(new String[] {"--debug", "version"})).isNull();
    assertThat(FastPath.run(new String[] {"versions"})).isNull();
    assertThat(FastPath.run(new String[] {"-H", "--help", "version"})).isNull();
  }

  @Test
  void anUnreachableDaemonFailsAsThePicocliPathDoes() {
    Cli fast = Cli.run("unix:///nonexistent/berth.sock", "", "version");
    Cli slow = Cli.run("unix:///nonexistent/berth.sock", "", "version", "--format", "");
    assertThat(fast.exit()).isEqualTo(slow.exit()).isNotZero();
    assertThat(fast.err()).isEqualTo(slow.err()).isNotEmpty();
    assertThat(fast.out()).isEqualTo(slow.out()).startsWith("Client:");
  }

  @Test
  void jsonTreeReadsWhatObjectMapperReads() throws Exception {
    String doc = """
        {"s":"a\\u00e9","i":1,"neg":-2147483649,"big":123456789012345678901234567890,
         "f":1.5e3,"t":true,"n":null,"o":{"a":[1,"x",{"b":[]},[],false]},"dup":1,"dup":2}""";
    byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
    assertThat(JsonTree.read(bytes)).isEqualTo(Json.MAPPER.readTree(bytes));
    assertThat(JsonTree.read(bytes).get("neg").isLong()).isTrue();
    assertThat(JsonTree.read(new byte[0]).isMissingNode()).isTrue();
    assertThat(JsonTree.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Json.MAPPER.readTree("[1,2]"));
  }
}
