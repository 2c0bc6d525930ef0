package io.berth.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginTest {
  @TempDir Path dir;

  @Test
  void metadataIsWhatTheDockerCliWants() throws Exception {
    var m = Json.MAPPER.readTree(Plugin.METADATA);
    assertThat(m.path("SchemaVersion").asText()).isEqualTo("0.1.0");
    assertThat(m.path("Vendor").asText()).isNotEmpty();
    assertThat(m.path("Version").asText()).startsWith("v2.");
    assertThat(m.path("ShortDescription").asText()).isEqualTo("Docker Compose");
  }

  @Test
  void globalFlagsAreReadAndTheComposeWordDropped() {
    var inv = Plugin.parse(new String[] {"-H", "unix:///x.sock", "--debug", "--context=ctx",
        "compose", "-f", "a.yaml", "up", "-d"});
    assertThat(inv.host()).isEqualTo("unix:///x.sock");
    assertThat(inv.context()).isEqualTo("ctx");
    assertThat(inv.args()).containsExactly("-f", "a.yaml", "up", "-d");
    assertThat(Plugin.parse(new String[] {"up", "-d"}).args()).containsExactly("up", "-d");
  }

  @Test
  void theHostComesFromFlagThenEnvThenContext() throws Exception {
    String name = "remote";
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(name.getBytes(StandardCharsets.UTF_8)));
    Path meta = Files.createDirectories(dir.resolve("contexts/meta/" + hash));
    Files.writeString(meta.resolve("meta.json"),
        "{\"Name\":\"remote\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///ctx.sock\"}}}");
    Files.writeString(dir.resolve("config.json"), "{\"currentContext\":\"remote\"}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", dir.toString());
    assertThat(Plugin.host(Plugin.parse(new String[] {"compose", "ps"}), env))
        .isEqualTo("unix:///ctx.sock");
    assertThat(Plugin.host(Plugin.parse(new String[] {"compose", "ps"}),
        Map.of("DOCKER_CONFIG", dir.toString(), "DOCKER_HOST", "unix:///env.sock")))
        .isEqualTo("unix:///env.sock");
    assertThat(Plugin.host(Plugin.parse(new String[] {"-H", "unix:///flag.sock", "compose"}),
        env)).isEqualTo("unix:///flag.sock");
    assertThat(Plugin.host(Plugin.parse(new String[] {"--context", "default", "compose"}),
        env)).isEqualTo("unix:///var/run/docker.sock");
  }
}
