package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: LogFiles against a simulation of conmon's cut (open tmp O_TRUNC|O_CREAT, rename). */
class LogFilesTest {
  @TempDir Path dir;

  /** What conmon's reopen_k8s_file does. */
  private void cut(Path log, String firstLine) throws Exception {
    Path tmp = log.resolveSibling(log.getFileName() + ".tmp");
    Files.writeString(tmp, firstLine, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    Files.move(tmp, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private String read(LogFiles files, Path log) throws Exception {
    StringBuilder b = new StringBuilder();
    for (Path p : files.readOrder()) {
      b.append(Files.readString(p));
    }
    return b.append(Files.readString(log)).toString();
  }

  @Test
  void eachCutThatThePollSeesKeepsTheOlderGenerationUpToKept() throws Exception {
    Path log = dir.resolve("container.log");
    LogFiles files = new LogFiles(log);
    files.prepare(1);
    Files.writeString(log, "a", StandardOpenOption.APPEND);
    for (String s : List.of("b", "c", "d")) {
      cut(log, s);
      files.poll(1);
    }
    assertThat(read(files, log)).isEqualTo("cd");
    assertThat(files.generations()).hasSize(2);
  }

  @Test
  void oneCutBeforeThePollIsStillContiguous() throws Exception {
    Path log = dir.resolve("container.log");
    LogFiles files = new LogFiles(log);
    files.prepare(5);
    Files.writeString(log, "a", StandardOpenOption.APPEND);
    cut(log, "b"); // consumes the arm
    Files.writeString(log, "b", StandardOpenOption.APPEND);
    files.poll(5);
    assertThat(read(files, log)).isEqualTo("abb");
  }

  @Test
  void manyCutsBeforeThePollKeepOnlyTheCurrentFile() throws Exception {
    Path log = dir.resolve("container.log");
    LogFiles files = new LogFiles(log);
    files.prepare(5);
    Files.writeString(log, "a", StandardOpenOption.APPEND);
    cut(log, "b");
    cut(log, "c");
    cut(log, "d"); // "c" is gone: nothing older may be shown before "d"
    assertThat(files.generations()).hasSize(2); // a, b: at most kept + 3 at any time
    files.poll(5);
    assertThat(read(files, log)).isEqualTo("d");
    cut(log, "e");
    files.poll(5);
    assertThat(read(files, log)).isEqualTo("de");
  }

  @Test
  void prepareNamesAnExistingPlainLog() throws Exception {
    Path log = dir.resolve("container.log");
    Files.writeString(log, "old");
    LogFiles files = new LogFiles(log);
    files.prepare(1);
    cut(log, "new");
    files.poll(1);
    assertThat(read(files, log)).isEqualTo("oldnew");
    files.disarm();
    assertThat(files.arm()).doesNotExist();
  }

  /**
   * conmon cuts without the arm in the instant between berth's look and its re-arm (the CI
   * failure of LogsE2eTest's burst): the plain file must get a name before the next cut goes
   * through the arm, or its lines vanish from the middle of {@code docker logs}.
   */
  @Test
  void aCutJustBeforeTheReArmIsNamedBeforeTheArmIsUsed() throws Exception {
    Path log = dir.resolve("container.log");
    LogFiles files = new LogFiles(log);
    files.prepare(1);
    Files.writeString(log, "a", StandardOpenOption.APPEND);
    cut(log, "b"); // through the arm
    files.poll(1);
    // the race: the arm consumed, then placed again by hand as the poll would, after a cut
    // that found no arm and left a plain file
    Path arm = files.arm();
    Path target = Files.readSymbolicLink(arm);
    Files.delete(arm);
    cut(log, "c"); // no arm: plain container.log
    Files.createSymbolicLink(arm, target);
    assertThat(files.poll(1)).isTrue();
    cut(log, "d"); // through the arm
    files.poll(1);
    assertThat(read(files, log)).isEqualTo("cd");
    assertThat(files.generations()).hasSize(2);
  }
}
