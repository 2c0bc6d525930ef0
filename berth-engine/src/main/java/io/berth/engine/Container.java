package io.berth.engine;

import java.util.List;

/**
 * One container as {@code config.v2.json} stores it; {@link #hostConfig} goes to
 * {@code hostconfig.json} beside it. Immutable: every change is a new record that the
 * {@link ContainerStore} writes before anyone sees it.
 *
 * @param id 64 hex
 * @param name with its leading slash, {@code /web}
 * @param created RFC 3339
 * @param image the image ID, {@code sha256:<hex>}; {@code config.image()} is the name the user gave
 * @param snapshotParent the snapshot (image top chain ID) the rootfs was prepared on; null for an
 *     image without layers
 * @param mountPoints volumes, binds and tmpfs mounts, resolved at create (null = none)
 */
public record Container(
    String id,
    String name,
    String created,
    String path,
    List<String> args,
    ContainerConfig config,
    ContainerState state,
    String image,
    String snapshotParent,
    int restartCount,
    String logPath,
    String hostnamePath,
    String hostsPath,
    String resolvConfPath,
    HostConfig hostConfig,
    List<MountPoint> mountPoints) {

  public String shortId() {
    return id.substring(0, 12);
  }

  public ContainerStatus status() {
    return state.status();
  }

  public Container withState(ContainerState s) {
    return new Container(id, name, created, path, args, config, s, image, snapshotParent,
        restartCount, logPath, hostnamePath, hostsPath, resolvConfPath, hostConfig, mountPoints);
  }

  public Container withName(String n) {
    return new Container(id, n, created, path, args, config, state, image, snapshotParent,
        restartCount, logPath, hostnamePath, hostsPath, resolvConfPath, hostConfig, mountPoints);
  }

  public Container withConfig(ContainerConfig cfg) {
    return new Container(id, name, created, path, args, cfg, state, image, snapshotParent,
        restartCount, logPath, hostnamePath, hostsPath, resolvConfPath, hostConfig, mountPoints);
  }

  public Container withHostConfig(HostConfig h) {
    return new Container(id, name, created, path, args, config, state, image, snapshotParent,
        restartCount, logPath, hostnamePath, hostsPath, resolvConfPath, h, mountPoints);
  }

  public Container withRestartCount(int n) {
    return new Container(id, name, created, path, args, config, state, image, snapshotParent,
        n, logPath, hostnamePath, hostsPath, resolvConfPath, hostConfig, mountPoints);
  }
}
