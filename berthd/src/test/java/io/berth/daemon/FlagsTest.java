package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagsTest {
  @Test
  void longShortInlineAndRepeatedForms() {
    Flags f = Flags.parse(new String[] {"-H", "unix:///a.sock", "--host=unix:///b.sock",
        "-Hunix:///c.sock", "--root", "/r", "--exec-root=/e", "-D", "--tlsverify=false",
        "-l", "warn"});
    assertThat(f.all("host")).containsExactly("unix:///a.sock", "unix:///b.sock", "unix:///c.sock");
    assertThat(f.get("root")).isEqualTo("/r");
    assertThat(f.get("exec-root")).isEqualTo("/e");
    assertThat(f.bool("debug")).isTrue();
    assertThat(f.bool("tlsverify")).isFalse();
    assertThat(f.get("log-level")).isEqualTo("warn");
    assertThat(f.get("pidfile")).isNull();
  }

  @Test
  void badFlagsUsePflagsWording() {
    assertThatThrownBy(() -> Flags.parse(new String[] {"--bogus"}))
        .hasMessage("unknown flag: --bogus");
    assertThatThrownBy(() -> Flags.parse(new String[] {"-x"}))
        .hasMessage("unknown shorthand flag: 'x' in -x");
    assertThatThrownBy(() -> Flags.parse(new String[] {"--root"}))
        .hasMessage("flag needs an argument: --root");
    assertThatThrownBy(() -> Flags.parse(new String[] {"--tlsverify=maybe"}).bool("tlsverify"))
        .hasMessageContaining("invalid argument \"maybe\" for \"--tlsverify\"");
  }

  @Test
  void resolvesDefaultsAndRefusesAnOptionGivenTwice(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    DaemonConfig c = BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        write(dir, "{}").toString()})).resolve();
    assertThat(c.hosts()).isEqualTo(List.of(DaemonConfig.DEFAULT_HOST));
    assertThat(c.root()).isEqualTo(Path.of("/var/lib/berth"));
    assertThat(c.pidfile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
    Path both = write(dir, "{\"hosts\":[\"unix:///x.sock\"]}");
    assertThatThrownBy(() -> BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        both.toString(), "-H", "unix:///y.sock"})).resolve())
        .hasMessageContaining("specified both as a flag and in the configuration file: hosts");
  }

  @Test
  void criFromFlagsOrDaemonJsonWithDefaults(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path empty = write(dir, "{}");
    assertThat(BerthdCommand.from(Flags.parse(new String[] {"--config-file", empty.toString()}))
        .resolve().cri()).isNull();
    DaemonConfig.Cri flags = BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        empty.toString(), "--cri-socket", "/run/b/cri.sock"})).resolve().cri();
    assertThat(flags).isEqualTo(new DaemonConfig.Cri(Path.of("/run/b/cri.sock"), null,
        Path.of("/etc/cni/net.d"), Path.of("/usr/lib/cni")));
    Path json = write(dir, "{\"cri\":{\"socket\":\"/s.sock\",\"cni-conf-dir\":\"/n\","
        + "\"sandbox-image\":\"registry.k8s.io/pause:3.9\"}}");
    assertThat(BerthdCommand.from(Flags.parse(new String[] {"--config-file", json.toString()}))
        .resolve().cri()).isEqualTo(new DaemonConfig.Cri(Path.of("/s.sock"),
            "registry.k8s.io/pause:3.9", Path.of("/n"), Path.of("/usr/lib/cni")));
    assertThatThrownBy(() -> BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        json.toString(), "--cri-socket", "/x.sock"})).resolve())
        .hasMessageContaining("specified both as a flag and in the configuration file: cri");
    assertThatThrownBy(() -> BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        empty.toString(), "--cni-bin-dir", "/b"})).resolve())
        .hasMessageContaining("need --cri-socket");
    Path typo = write(dir, "{\"cri\":{\"socket\":\"/s.sock\",\"cni-dir\":\"/n\"}}");
    assertThatThrownBy(() -> BerthdCommand.from(Flags.parse(new String[] {"--config-file",
        typo.toString()})).resolve()).hasMessageContaining("unknown key \"cni-dir\" in cri");
  }

  private static Path write(Path dir, String json) throws Exception {
    Path p = java.nio.file.Files.createTempFile(dir, "daemon", ".json");
    java.nio.file.Files.writeString(p, json);
    return p;
  }
}
