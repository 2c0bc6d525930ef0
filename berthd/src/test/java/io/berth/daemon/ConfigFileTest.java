package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: daemon.json read without an ObjectMapper (ADR 0150), with dockerd's errors. */
class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void aMissingOrBlankFileIsEmptyAndKeysKeepTheirTypes() throws Exception {
    assertThat(ConfigFile.read(dir.resolve("none.json"), true).isEmpty()).isTrue();
    assertThat(ConfigFile.read(Files.writeString(dir.resolve("blank.json"), " \n"), false)
        .isEmpty()).isTrue();
    var json = ConfigFile.read(Files.writeString(dir.resolve("d.json"),
        "{\"debug\": true, \"mtu\": 1400, \"dns\": [\"10.0.0.2\"], \"log-opts\": {\"max-size\":"
            + " \"1k\"}, \"bip\": null}"), false);
    assertThat(json.get("debug").asBoolean()).isTrue();
    assertThat(json.get("mtu").asInt()).isEqualTo(1400);
    assertThat(ConfigFile.strings(json.get("dns"))).containsExactly("10.0.0.2");
    assertThat(json.get("log-opts").get("max-size").asText()).isEqualTo("1k");
    assertThat(json.get("bip").isNull()).isTrue();
  }

  @Test
  void badFilesAreRefusedWithTheirReason() throws Exception {
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> ConfigFile.read(missing, false)).hasMessage(
        "unable to configure the berth daemon with file " + missing + ": open " + missing
            + ": no such file or directory");
    Path typo = Files.writeString(dir.resolve("typo.json"), "{\"debgu\": true, \"iptables\": false}");
    assertThatThrownBy(() -> ConfigFile.read(typo, false)).hasMessage(
        "unable to configure the berth daemon with file " + typo + ": the following directives"
            + " don't match any configuration option: debgu");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"debug\": tru}");
    assertThatThrownBy(() -> ConfigFile.read(broken, false)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unable to configure the berth daemon with file " + broken
            + ": Unrecognized token 'tru'");
    Path array = Files.writeString(dir.resolve("array.json"), "[]");
    assertThatThrownBy(() -> ConfigFile.read(array, false)).hasMessageEndingWith(
        ": the file must hold a JSON object");
  }
}
