package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code rm -f} of a container whose restart policy keeps restarting it (a process
 * that exits at once, in a loop) lands at any point of its cycle: running, exiting, waiting to
 * restart, starting. Whatever the moment, it leaves nothing: no rootfs mount, no cgroup, no
 * conmon, no veth on the bridge, no network namespace.
 */
class RemoveRestartingE2eTest {
  private static final int ROUNDS = 30;

  @TempDir Path dir;

  @Test
  void removingARestartingContainerAtAnyMomentLeavesNothing() throws Exception {
    Prerequisites.assumeContainers();
    Prerequisites.assumeNetworking();
    try (Berthd d = Berthd.start(dir.resolve("d"))) {
      Images.loadBusybox(d, dir);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        Cmd.Result run = Cmd.docker(d, "run", "-d", "--restart", "always", "busybox", "sh",
            "-c", "sleep 0.05; exit 1");
        assertThat(run.code()).as(run.all()).isZero();
        String id = run.out().strip();
        ids.add(id);
        Thread.sleep(ThreadLocalRandom.current().nextInt(400));
        Cmd.Result rm = Cmd.docker(d, "rm", "-f", id);
        assertThat(rm.code()).as("round " + i + ": " + rm.all()).isZero();
      }
      Thread.sleep(1000); // a restart the removal raced would have started by now
      assertThat(Cmd.docker(d, "ps", "-aq").out()).isEmpty();
      assertThat(mountsUnder(d.dir)).isEmpty();
      assertThat(conmonsOf(d.dir)).isEmpty();
      assertThat(cgroupsOf(ids)).isEmpty();
      assertThat(Cmd.run(java.util.Map.of(), null, List.of("ip", "-o", "link", "show",
          "master", TestNet.of(d.dir).bridge())).out()).isEmpty();
      assertThat(entries(d.execRoot.resolve("netns"))).isEmpty();
    }
  }

  private static List<String> mountsUnder(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().toString();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].startsWith(prefix)).toList();
  }

  private static List<String> conmonsOf(Path dir) {
    String needle = dir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().orElse("").endsWith("conmon"))
        .map(p -> String.join(" ", p.info().arguments().orElse(new String[0])))
        .filter(args -> args.contains(needle)).toList();
  }

  /** Cgroup directories named after one of {@code ids}, in every hierarchy. */
  private static List<Path> cgroupsOf(List<String> ids) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 4,
        (p, a) -> a.isDirectory() && ids.stream().anyMatch(id -> p.getFileName().toString()
            .contains(id.substring(0, 12))))) {
      s.forEach(out::add);
    }
    return out;
  }

  private static List<Path> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
