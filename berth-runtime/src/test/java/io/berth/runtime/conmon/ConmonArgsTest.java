package io.berth.runtime.conmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.runtime.CreateRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConmonArgsTest {
  final RuntimeBinary runc = new RuntimeBinary(Path.of("/usr/sbin/runc"), List.of("--debug"));
  final TaskDir dir = TaskDir.container(Path.of("/run/b"), "c1", Path.of("/b/c1"));

  @Test
  void createPassesEverythingConmonNeeds() {
    List<String> args = ConmonArgs.create(Path.of("/usr/bin/conmon"), runc, Path.of("/run/b/oci"),
        Path.of("/run/b/s"), dir, new CreateRequest("c1", Path.of("/b/c1"), "runc", false, true,
            false, Path.of("/l/c1.log")));
    assertThat(String.join(" ", args)).isEqualTo("/usr/bin/conmon --api-version 1 -c c1 -u c1"
        + " -n c1 -r /usr/sbin/runc -b /b/c1 -p /run/b/runtime/c1/pidfile"
        + " --exit-dir /run/b/runtime/c1/exits --socket-dir-path /run/b/s --full-attach"
        + " --conmon-pidfile /run/b/runtime/c1/conmon.pid --log-level info"
        + " --runtime-arg --debug --runtime-arg --root=/run/b/oci"
        + " --persist-dir /run/b/runtime/c1/persist -l k8s-file:/l/c1.log -i --leave-stdin-open");
  }

  @Test
  void execAttachesWithItsOwnDirAndNoLog() {
    TaskDir exec = TaskDir.exec(dir, "e1");
    List<String> args = ConmonArgs.exec(Path.of("conmon"), runc, Path.of("/r"), Path.of("/s"),
        exec, "c1", "e1", true, false);
    assertThat(String.join(" ", args)).contains("-c c1 -u e1", "-b /run/b/runtime/c1/exec/e1",
        "--exit-dir /run/b/runtime/c1/exec/e1/exits", "-l none -e --exec-attach",
        "--exec-process-spec /run/b/runtime/c1/exec/e1/process.json", " -t");
    assertThat(args).doesNotContain("--persist-dir", "-i");
  }

  @Test
  void runtimeErrorsAreTheLogrusMessage() {
    assertThat(RuntimeCli.message("time=\"2026\" level=error msg=\"runc create failed: "
        + "exec: \\\"nope\\\": executable file not found in $PATH\"\n"))
        .isEqualTo("runc create failed: exec: \"nope\": executable file not found in $PATH");
    assertThat(RuntimeCli.message(" crun: no such file\n")).isEqualTo("crun: no such file");
  }
}
