package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code linux.sysctl} map: Docker's two network defaults, the domain name, then the user's
 * sysctls, which must be namespaced and must belong to a namespace the container owns (runc's
 * {@code validateSysctl}; the texts are runc's, which Docker passes on).
 */
final class Sysctls {
  private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb",
      "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
      "kernel.shm_rmid_forced");

  private Sysctls() {}

  /**
   * @throws BerthException.InvalidArgument for a sysctl that is not namespaced or whose namespace
   *     the container shares with the host
   */
  static Map<String, String> build(Map<String, String> user, boolean hostNetwork, boolean hostIpc,
      boolean hostUts, String domainname) {
    Map<String, String> out = new TreeMap<>();
    if (!hostNetwork) {
      // Why: Docker grants these so that ping and low ports work without NET_RAW/NET_BIND_SERVICE
      // in a private netns (moby daemon/oci_linux.go WithCommonOptions).
      out.put("net.ipv4.ping_group_range", "0 2147483647");
      out.put("net.ipv4.ip_unprivileged_port_start", "0");
    }
    if (domainname != null && !domainname.isEmpty() && !hostUts) {
      out.put("kernel.domainname", domainname);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(user).entrySet()) {
      check(e.getKey(), hostNetwork, hostIpc, hostUts);
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static void check(String key, boolean hostNetwork, boolean hostIpc, boolean hostUts) {
    String quoted = "\"" + key + "\"";
    if (IPC.contains(key) || key.startsWith("fs.mqueue.")) {
      if (hostIpc) {
        throw BerthException.invalid("sysctl " + quoted + " is not allowed in the hosts ipc namespace");
      }
    } else if (key.startsWith("net.")) {
      if (hostNetwork) {
        throw BerthException.invalid("sysctl " + quoted + " not allowed in host network namespace");
      }
    } else if (key.equals("kernel.domainname")) {
      if (hostUts) {
        throw BerthException.invalid("sysctl " + quoted + " not allowed in host UTS namespace");
      }
    } else if (key.equals("kernel.hostname")) {
      throw BerthException.invalid("sysctl " + quoted
          + " is not allowed as it conflicts with the OCI \"hostname\" field");
    } else {
      throw BerthException.invalid("sysctl " + quoted + " is not in a separate kernel namespace");
    }
  }
}
