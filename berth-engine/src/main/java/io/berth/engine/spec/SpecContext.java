package io.berth.engine.spec;

import io.berth.oci.runtime.Linux;
import java.util.List;

/**
 * What the engine has prepared for the container before the spec is written. Paths are host
 * paths unless named "in the container".
 *
 * @param rootfsPath the mounted root file system
 * @param hostnamePath the container's {@code hostname} file, bind-mounted at /etc/hostname (null = none)
 * @param hostsPath the container's {@code hosts} file, at /etc/hosts (null = none)
 * @param resolvConfPath the container's {@code resolv.conf}, at /etc/resolv.conf (null = none)
 * @param hostNetwork share the host's network namespace (then {@code netnsPath} is ignored)
 * @param netnsPath a network namespace to join (e.g. {@code /run/berth/netns/<id>}); null = a new one
 * @param cgroupsPath e.g. {@code /berth/<id>}
 * @param cgroupVersion 1 or 2; a private cgroup namespace is made on 2 only, as Docker does
 * @param arch the host's Go-style architecture ({@code amd64}, {@code arm64}) for seccomp
 * @param initPath where the init binary appears in the container ({@code /sbin/docker-init})
 * @param initHostPath the init binary on the host (e.g. {@code /usr/bin/docker-init}); null = none
 * @param shmHostPath the directory bind-mounted at /dev/shm for ipc "shareable"; null = a tmpfs
 * @param hostDevices the host's devices, given to privileged containers
 * @param passwd the container's {@code /etc/passwd} contents; null = the file is missing
 * @param group the container's {@code /etc/group} contents; null = the file is missing
 */
public record SpecContext(
    String rootfsPath,
    String hostnamePath,
    String hostsPath,
    String resolvConfPath,
    boolean hostNetwork,
    String netnsPath,
    String cgroupsPath,
    int cgroupVersion,
    String arch,
    String initPath,
    String initHostPath,
    String shmHostPath,
    List<Linux.Device> hostDevices,
    String passwd,
    String group) {

  /** Docker's path for the init binary inside the container. */
  public static final String DEFAULT_INIT_PATH = "/sbin/docker-init";

  public SpecContext {
    initPath = initPath == null ? DEFAULT_INIT_PATH : initPath;
    hostDevices = hostDevices == null ? List.of() : List.copyOf(hostDevices);
    arch = arch == null ? "amd64" : arch;
  }
}
