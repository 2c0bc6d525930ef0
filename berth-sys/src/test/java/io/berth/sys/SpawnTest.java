package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
  @TempDir Path dir;

  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "WHO", "spawned");

  @Test
  @Timeout(10)
  void theChildGetsThePipesAtTheirFdsNullStdioAndNoOtherFd() throws Exception {
    // fd 3: child writes (what it sees); fd 4 and 0: child reads; fd 5 and 2: child writes
    String script = "pwd >&3; echo \"$WHO\" >&3; ls /proc/self/fd >&3; read line <&4; "
        + "echo \"got $line\" >&5; echo err >&2; read again; echo \"stdin $again\" >&3";
    try (Spawn.Child child = Spawn.start(List.of("sh", "-c", script), dir, ENV, List.of(
        Spawn.Pipe.fromChild(3), Spawn.Pipe.toChild(4, 0), Spawn.Pipe.fromChild(5, 2)))) {
      OutputStream start = child.writer(1);
      start.write("hello\nsecond\n".getBytes(StandardCharsets.UTF_8));
      start.close();
      String sync = read(child.reader(0));
      String attach = read(child.reader(2));
      assertThat(child.reap(5_000)).isZero();
      List<String> lines = sync.lines().toList();
      assertThat(lines.get(0)).isEqualTo(dir.toRealPath().toString());
      assertThat(lines.get(1)).isEqualTo("spawned");
      // ls's own listing: 0-5 and the directory it reads (/proc/self/fd itself), nothing else
      assertThat(lines.subList(2, lines.size() - 1)).containsExactly("0", "1", "2", "3", "4", "5", "6");
      assertThat(lines.getLast()).isEqualTo("stdin second");
      assertThat(attach).isEqualTo("got hello\nerr\n");
    }
  }

  @Test
  @Timeout(10)
  /** fd 4 is a copy of the shell's stdout: a redirected command sees its own fd 1 replaced. */
  void stdioNoPipeNamesIsDevNull() throws Exception {
    try (Spawn.Child child = Spawn.start(List.of("sh", "-c",
        "exec 4>&1; readlink /proc/self/fd/0 /proc/self/fd/4 /proc/self/fd/2 >&3; cat; echo $? >&3"), dir, ENV,
        List.of(Spawn.Pipe.fromChild(3)))) {
      assertThat(read(child.reader(0))).isEqualTo("/dev/null\n/dev/null\n/dev/null\n0\n");
      assertThat(child.reap(5_000)).isZero();
    }
  }

  @Test
  @Timeout(10)
  void aMissingProgramIsAnIOExceptionAndAChildThatDoesNotExitIsKilled() throws Exception {
    assertThatThrownBy(() -> Spawn.start(List.of(dir.resolve("nothing").toString()), dir, ENV,
        List.of())).isInstanceOf(IOException.class).hasMessageContaining("ENOENT");
    try (Spawn.Child child = Spawn.start(List.of("sleep", "30"), dir, ENV, List.of())) {
      long t0 = System.nanoTime();
      assertThat(child.reap(100)).isEqualTo(-1);
      assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
      assertThat(Files.exists(Path.of("/proc/" + child.pid()))).isFalse();
    }
  }

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
