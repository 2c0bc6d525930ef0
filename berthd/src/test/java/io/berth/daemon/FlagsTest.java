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

  private static Path write(Path dir, String json) throws Exception {
    Path p = java.nio.file.Files.createTempFile(dir, "daemon", ".json");
    java.nio.file.Files.writeString(p, json);
    return p;
  }
}
