package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: detach keys typed into a real terminal. tmux (its own server socket) gives the
 * docker CLI a pty, as a person's terminal would: ctrl-p ctrl-q leaves {@code docker run -it}
 * with exit 0 and the container running; {@code docker attach} comes back to the same shell;
 * {@code --detach-keys} changes the sequence.
 */
class DetachKeysE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static String tmuxSocket;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
    tmuxSocket = "berth-e2e-" + ProcessHandle.current().pid();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tmuxSocket != null) {
      tmux("kill-server");
    }
    if (daemon != null) {
      Cmd.docker(daemon, "rm", "-f", "dk", "dk2");
      daemon.close();
    }
  }

  private static Cmd.Result tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/tmux", "-L", tmuxSocket));
    cmd.addAll(List.of(args));
    return Cmd.run(Map.of(), null, cmd);
  }

  private static String screen() throws Exception {
    return tmux("capture-pane", "-t", "dk", "-p").out();
  }

  private static void waitFor(String text) throws Exception {
    assertThat(SupervisionE2eTest.eventually(() -> screen().contains(text)))
        .as("terminal shows " + text + ":\n" + screen()).isTrue();
  }

  private static String status(String name) throws Exception {
    return Cmd.docker(daemon, "inspect", "-f", "{{.State.Status}}", name).out().strip();
  }

  @Test
  void ctrlPCtrlQDetachesAndTheContainerKeepsRunning() throws Exception {
    String docker = Cmd.dockerBinary() + " -H " + daemon.host();
    String shell = "export DOCKER_CONFIG=" + daemon.dir.resolve("docker-config") + "; "
        + docker + " run -it --name dk busybox sh; echo RUN-EXIT=$?; "
        + docker + " attach dk; echo ATTACH-EXIT=$?; "
        + docker + " run -it --detach-keys ctrl-x,x --name dk2 busybox sh; echo X-EXIT=$?; "
        + "sleep 60";
    assertThat(tmux("new-session", "-d", "-s", "dk", "-x", "120", "-y", "40", shell).code())
        .isZero();
    waitFor("/ #");
    tmux("send-keys", "-t", "dk", "echo one-$((40+2))", "Enter");
    waitFor("one-42");
    tmux("send-keys", "-t", "dk", "C-p", "C-q");
    waitFor("RUN-EXIT=0");
    assertThat(status("dk")).isEqualTo("running");

    tmux("send-keys", "-t", "dk", "echo two-$((40+3))", "Enter");
    waitFor("two-43");
    tmux("send-keys", "-t", "dk", "C-p", "C-q");
    waitFor("ATTACH-EXIT=");
    assertThat(screen()).contains("read escape sequence");
    assertThat(status("dk")).isEqualTo("running");

    // dk2's shell greets as dk's did
    assertThat(SupervisionE2eTest.eventually(
        () -> screen().split("built-in shell", -1).length - 1 == 2)).as(screen()).isTrue();
    tmux("send-keys", "-t", "dk", "echo three-$((40+4))", "Enter");
    waitFor("three-44");
    tmux("send-keys", "-t", "dk", "C-x", "x");
    waitFor("X-EXIT=0");
    assertThat(status("dk2")).isEqualTo("running");
  }
}
