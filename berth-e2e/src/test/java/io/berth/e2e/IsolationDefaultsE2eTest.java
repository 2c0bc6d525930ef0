package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4, issue 14: a container's isolation seen from inside, against Docker's defaults —
 * capability sets, seccomp in filter mode and what the default profile refuses, the masked and
 * read-only paths of {@code /proc} and {@code /sys}, no-new-privileges and {@code --read-only}.
 * The expected lines are what Docker 20.10 shows on these machines; with
 * {@code BERTH_E2E_REFERENCE_DOCKER_HOST} set (a dockerd's socket) the same probes run there
 * too and must print the same.
 */
class IsolationDefaultsE2eTest {
  private static final String STATUS = "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs"
      + "|Seccomp):' /proc/self/status | tr -s '\\t' ' ';"
      + " for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /sys/firmware; do"
      + " echo \"$p $(cat $p 2>/dev/null | head -c 64 | wc -c)\"; done;"
      + " (echo x > /proc/sys/kernel/domainname) 2>/dev/null && echo proc-sys rw || echo proc-sys ro;"
      + " (touch /sys/berth-probe) 2>/dev/null && echo sys rw || echo sys ro;"
      + " (touch /berth-probe) 2>/dev/null && echo rootfs rw || echo rootfs ro;"
      + " /probe/probe";

  @TempDir static Path dir;
  static Berthd daemon;
  static Path probe;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    probe = StaticTool.build("isolation/probe.c", dir.resolve("tools"), "probe").getParent();
    daemon = Berthd.start(dir.resolve("d"));
    Images.loadBusybox(daemon, dir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static String inside(String host, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Cmd.dockerBinary(), "-H", host, "run", "--rm",
        "-v", probe + ":/probe:ro"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("busybox", "sh", "-c", STATUS));
    Cmd.Result r = Cmd.run(Map.of(), null, cmd);
    assertThat(r.code()).as(r.all()).isZero();
    return r.out();
  }

  /** Each case on berthd, and on the reference dockerd when one is named. */
  private static void check(String expected, String... options) throws Exception {
    assertThat(inside(daemon.host(), options)).isEqualTo(expected);
    String reference = System.getenv("BERTH_E2E_REFERENCE_DOCKER_HOST");
    if (reference != null && !reference.isEmpty()) {
      assertThat(inside(reference, options)).as("the reference dockerd").isEqualTo(expected);
    }
  }

  private static String expected(String noNewPrivs, String rootfs, String unshare,
      String addKey) {
    return """
        CapInh: 0000000000000000
        CapPrm: 00000000a80425fb
        CapEff: 00000000a80425fb
        CapBnd: 00000000a80425fb
        CapAmb: 0000000000000000
        NoNewPrivs: %s
        Seccomp: 2
        /proc/kcore 0
        /proc/keys 0
        /proc/timer_list 0
        /proc/sched_debug 0
        /sys/firmware 0
        proc-sys ro
        sys ro
        rootfs %s
        unshare(CLONE_NEWUSER): %s
        add_key: %s
        mount: Operation not permitted
        """.formatted(noNewPrivs, rootfs, unshare, addKey);
  }

  @Test
  void defaultsAreDockers() throws Exception {
    check(expected("0", "rw", "Operation not permitted", "Operation not permitted"));
  }

  @Test
  void noNewPrivilegesAndReadOnlyRootfsAreHonoured() throws Exception {
    check(expected("1", "ro", "Operation not permitted", "Operation not permitted"),
        "--security-opt", "no-new-privileges", "--read-only");
  }

  @Test
  void seccompUnconfinedLiftsOnlyTheProfile() throws Exception {
    check(expected("0", "rw", "ok", "ok").replace("Seccomp: 2", "Seccomp: 0"),
        "--security-opt", "seccomp=unconfined");
  }
}
