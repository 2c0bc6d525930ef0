package io.berth.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Docker's (or runc's) texts for input it rejects, all InvalidArgument unless said otherwise. */
class SpecErrorsTest {
  private static void rejects(Consumer<InputBuilder> setup, String message) {
    InputBuilder b = new InputBuilder();
    setup.accept(b);
    assertThatThrownBy(() -> SpecGenerator.generate(b.build()))
        .isInstanceOf(BerthException.InvalidArgument.class)
        .hasMessage(message);
  }

  @Test
  void noCommand() {
    rejects(b -> b.imageCmd = null, "No command specified");
    rejects(b -> {
      b.imageEntrypoint = List.of("/entry");
      b.imageCmd = null;
      b.entrypoint = List.of("");
    }, "No command specified");
  }

  @Test
  void entrypointGivenDropsImageCmdButCmdGivenKeepsImageEntrypoint() {
    InputBuilder b = new InputBuilder();
    b.imageEntrypoint = List.of("/entry");
    b.cmd = List.of("run");
    assertThat(SpecGenerator.generate(b.build()).process().args()).containsExactly("/entry", "run");
    assertThat(Commands.args(List.of("/e"), List.of("c"), List.of(), List.of()))
        .containsExactly("c");
  }

  @Test
  void unknownUser() {
    rejects(b -> b.user = "nope", "unable to find user nope: no matching entries in passwd file");
  }

  @Test
  void relativeWorkingDir() {
    rejects(b -> b.workingDir = "app",
        "the working directory 'app' is invalid, it needs to be an absolute path");
  }

  @Test
  void unknownCapability() {
    rejects(b -> b.capAdd = List.of("FLY"), "unknown capability: \"CAP_FLY\"");
  }

  @Test
  void sysctls() {
    rejects(b -> {
      b.hostNetwork = true;
      b.sysctls = Map.of("net.core.somaxconn", "1");
    }, "sysctl \"net.core.somaxconn\" not allowed in host network namespace");
    rejects(b -> b.sysctls = Map.of("vm.swappiness", "1"),
        "sysctl \"vm.swappiness\" is not in a separate kernel namespace");
    rejects(b -> {
      b.ipcMode = "host";
      b.sysctls = Map.of("kernel.shmmax", "1");
    }, "sysctl \"kernel.shmmax\" is not allowed in the hosts ipc namespace");
  }

  @Test
  void securityOptions() {
    rejects(b -> b.securityOpt = List.of("bogus"), "invalid --security-opt 1: \"bogus\"");
    rejects(b -> b.securityOpt = List.of("no-new-privileges=maybe"),
        "invalid --security-opt 2: \"no-new-privileges=maybe\"");
    rejects(b -> b.securityOpt = List.of("foo=bar"), "invalid --security-opt 2: \"foo=bar\"");
  }

  @Test
  void mountsAndLimits() {
    rejects(b -> {
      b.mounts.add(HostSettings.BindMount.of("/a", "/data", false));
      b.tmpfs = Map.of("/data/", "");
    }, "Duplicate mount point: /data/");
    rejects(b -> b.tmpfs = Map.of("/t", "bogus"), "invalid tmpfs option [\"bogus\"]");
    rejects(b -> b.ulimits = List.of(new HostSettings.Ulimit("files", 1, 1)),
        "invalid ulimit type: files");
    rejects(b -> b.ulimits = List.of(new HostSettings.Ulimit("nofile", 10, 1)),
        "ulimit soft limit must be less than or equal to hard limit: 10 > 1");
  }

  @Test
  void joiningAnotherContainersIpcIsNotImplementedItsPidIs() {
    InputBuilder b = new InputBuilder();
    b.ipcMode = "container:abc";
    assertThatThrownBy(() -> SpecGenerator.generate(b.build()))
        .isInstanceOf(BerthException.NotImplemented.class);
    InputBuilder p = new InputBuilder();
    p.pidMode = "container:abc";
    assertThat(SpecGenerator.generate(p.build()).linux().namespaces())
        .anyMatch(n -> n.type().equals("pid"));
  }

  @Test
  void customSeccompProfileIsResolvedForArchAndCaps() {
    InputBuilder b = new InputBuilder();
    b.securityOpt = List.of("seccomp={\"defaultAction\":\"SCMP_ACT_ERRNO\",\"archMap\":["
        + "{\"architecture\":\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\"]}],"
        + "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
        + "{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}}]}");
    var seccomp = SpecGenerator.generate(b.build()).linux().seccomp();
    assertThat(seccomp.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
    assertThat(seccomp.syscalls()).singleElement()
        .satisfies(s -> assertThat(s.names()).containsExactly("read"));
  }
}
