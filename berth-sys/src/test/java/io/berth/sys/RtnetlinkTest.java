package io.berth.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs root: two network namespaces of its own, the host's never touched. */
class RtnetlinkTest {
  @TempDir Path dir;
  private final LinuxSyscalls sys = new LinuxSyscalls();
  private Path container;

  @AfterEach
  void unmount() {
    if (container != null) {
      try {
        sys.umount2(container.toString(), Syscalls.MNT_DETACH);
      } catch (SyscallException ignored) {
        // not mounted
      }
    }
  }

  @Test
  void makesAVethEndpointAsIpDoesAndDeletesIt() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    container = dir.resolve("ns");
    Files.createFile(container);
    onThread(() -> {
      sys.unshare(Syscalls.CLONE_NEWNET);
      sys.mount("/proc/thread-self/ns/net", container.toString(), null, Syscalls.MS_BIND, null);
      return null;
    });
    // the "host" is a namespace of its own too, with a bridge in it
    String host = onThread(() -> {
      sys.unshare(Syscalls.CLONE_NEWNET);
      run("ip", "link", "add", "tbr0", "type", "bridge");
      try (Rtnetlink nl = Rtnetlink.open()) {
        nl.addVeth("tveth0", 1400, "eth0", container.toString());
        nl.setLink("tveth0", "tbr0", null, true);
        assertThatThrownBy(() -> nl.addVeth("tveth0", 1400, "eth9", container.toString()))
            .isInstanceOf(SyscallException.class).hasMessageContaining("EEXIST");
        String shown = run("ip", "-o", "link", "show", "tveth0");
        assertThat(nl.deleteLink("tveth0")).isTrue();
        assertThat(nl.deleteLink("tveth0")).isFalse();
        return shown;
      }
    });
    assertThat(host).contains("mtu 1400").contains("master tbr0").contains("UP");
    String inside = onThread(() -> {
      sys.setns(container.toString(), Syscalls.CLONE_NEWNET);
      return run("ip", "-o", "link", "show");
    });
    // the peer went with its host end
    assertThat(inside).doesNotContain("eth0");
  }

  @Test
  void setsAddressesMacAndDefaultRoutesInsideTheNamespace() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    String out = onThread(() -> {
      sys.unshare(Syscalls.CLONE_NEWNET);
      run("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
      run("ip", "link", "set", "peer0", "up");
      try (Rtnetlink nl = Rtnetlink.open()) {
        byte[] mac = {0x02, 0x42, 0x0a, 0x01, 0x02, 0x03};
        nl.setLink("eth0", null, mac, false);
        nl.addAddress("eth0", InetAddress.getByName("10.77.0.5"), 24, false);
        nl.addAddress("eth0", InetAddress.getByName("fd77::5"), 64, true);
        nl.setLink("eth0", null, null, true);
        nl.addDefaultRoute("eth0", InetAddress.getByName("10.77.0.1"));
        nl.addDefaultRoute("eth0", InetAddress.getByName("fd77::1"));
        assertThatThrownBy(() -> nl.addAddress("nothere", InetAddress.getByName("10.7.0.1"), 8, false))
            .isInstanceOf(SyscallException.class).hasMessageContaining("ENODEV");
      }
      return run("ip", "-o", "link", "show", "eth0") + run("ip", "-o", "addr", "show", "dev", "eth0")
          + run("ip", "route") + run("ip", "-6", "route", "show", "default");
    });
    assertThat(out).contains("link/ether 02:42:0a:01:02:03").contains("inet 10.77.0.5/24")
        .contains("inet6 fd77::5/64").contains("default via 10.77.0.1 dev eth0")
        .contains("default via fd77::1 dev eth0").contains("UP");
  }

  /** Runs {@code body} on a platform thread of its own (its namespaces die with it). */
  private static <T> T onThread(Callable<T> body) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try {
        result.set(body.call());
      } catch (Exception e) {
        failed.set(e);
      } catch (AssertionError e) {
        failed.set(new Exception(e));
      }
    });
    t.join();
    if (failed.get() != null) {
      throw failed.get();
    }
    return result.get();
  }

  /** A process started from a thread runs in that thread's network namespace. */
  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }
}
