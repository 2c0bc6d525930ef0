package io.berth.engine;

import java.nio.file.Path;

/**
 * Turns a container into OCI runtime-spec JSON. The engine writes what {@link #config} returns
 * as the bundle's {@code config.json}; {@code SpecGenerator} (pure, golden-file tested) is the
 * implementation berthd wires in.
 */
public interface BundleSpec {
  /**
   * The bundle's {@code config.json}.
   *
   * @param container the container record (config, host config, merged with the image's)
   * @param rootfs the mounted root filesystem, {@code <bundle>/rootfs}
   * @param files the files to bind at {@code /etc/hostname}, {@code /etc/hosts},
   *     {@code /etc/resolv.conf}
   * @throws io.berth.common.BerthException.InvalidArgument for settings that cannot be expressed
   */
  byte[] config(Container container, Path rootfs, HostFilePaths files);

  /**
   * The OCI {@code process} object for {@code docker exec}: args, env (the container's,
   * overridden by the exec's), cwd, user and terminal.
   */
  byte[] execProcess(Container container, ExecConfig exec);

  /**
   * Makes what the container's namespaces need before its network is set up (a remapped
   * container's user namespace and the network namespace it owns, ADR 0111).
   *
   * @return the undo, or null when there was nothing to make
   */
  default Runnable prepareNamespaces(Container container) {
    return null;
  }

  /**
   * Where the container's hostname, hosts and resolv.conf files are, and the prepared network
   * namespace to join (null: a new, empty one), and for {@code --pid container:<x>} x's PID
   * namespace ({@code /proc/<pid>/ns/pid}; null: a new one, or the host's).
   */
  record HostFilePaths(Path hostname, Path hosts, Path resolvConf, Path netns, Path pidns) {
    public HostFilePaths(Path hostname, Path hosts, Path resolvConf) {
      this(hostname, hosts, resolvConf, null, null);
    }

    public HostFilePaths(Path hostname, Path hosts, Path resolvConf, Path netns) {
      this(hostname, hosts, resolvConf, netns, null);
    }
  }
}
