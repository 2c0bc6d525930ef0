package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The container's capabilities: Docker's default 14, tweaked by {@code --cap-add} and
 * {@code --cap-drop} as moby's {@code oci/caps.TweakCapabilities} does.
 */
final class CapabilitySet {
  /** Docker's defaults (moby {@code oci/caps/defaults.go}), in Docker's order. */
  static final List<String> DEFAULTS = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  /**
   * Every capability Linux 5.9+ knows, in kernel number order (capability.h, 0..40). Why fixed:
   * the spec must not depend on the host; runc drops names the kernel does not know.
   */
  static final List<String> ALL = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
      "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
      "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
      "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
      "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
      "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
      "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
      "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
      "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

  private static final String ALL_WORD = "ALL";

  private CapabilitySet() {}

  /**
   * @throws BerthException.InvalidArgument {@code unknown capability: "CAP_FOO"}
   */
  static List<String> of(boolean privileged, List<String> add, List<String> drop) {
    if (privileged) {
      return ALL;
    }
    Set<String> adds = normalize(add);
    Set<String> drops = normalize(drop);
    if (adds.isEmpty() && drops.isEmpty()) {
      return DEFAULTS;
    }
    Set<String> caps = new LinkedHashSet<>();
    if (adds.contains(ALL_WORD)) {
      ALL.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
    } else if (drops.contains(ALL_WORD)) {
      caps.addAll(adds);
    } else {
      DEFAULTS.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
      caps.addAll(adds);
    }
    return List.copyOf(caps);
  }

  private static Set<String> normalize(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : names) {
      String name = raw.strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!name.equals(ALL_WORD) && !name.startsWith("CAP_")) {
        name = "CAP_" + name;
      }
      if (!name.equals(ALL_WORD) && !ALL.contains(name)) {
        throw BerthException.invalid("unknown capability: \"" + name + "\"");
      }
      out.add(name);
    }
    return out;
  }
}
