package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only the command being run is built, so every CLI start stays short. */
class LazyTreeTest {
  @Test
  void firstCommandSkipsRootOptions() {
    assertThat(BerthCommand.firstCommand(new String[] {"-H", "unix:///x", "ps", "-a"})).isEqualTo("ps");
    assertThat(BerthCommand.firstCommand(new String[] {"--host=unix:///x", "images"})).isEqualTo("images");
    assertThat(BerthCommand.firstCommand(new String[] {"-Hunix:///x", "run", "busybox"})).isEqualTo("run");
    assertThat(BerthCommand.firstCommand(new String[] {"--help"})).isNull();
    assertThat(BerthCommand.firstCommand(new String[] {})).isNull();
  }

  @Test
  void onlyTheNamedCommandIsBuilt() {
    assertThat(BerthCommand.commandLine(new String[] {"ps", "-a"}).getSubcommands().keySet())
        .contains("ps").doesNotContain("run", "images", "image");
    assertThat(BerthCommand.commandLine(new String[] {"version"}).getSubcommands().keySet())
        .doesNotContain("ps", "run");
  }

  @Test
  void helpUnknownWordsAndCompletionGetTheWholeTree() {
    for (String[] args : new String[][] {{"--help"}, {"nosuch"}, {"completion", "bash"}}) {
      assertThat(BerthCommand.commandLine(args).getSubcommands().keySet())
          .contains("ps", "run", "images", "image", "container", "system", "version");
    }
  }
}
