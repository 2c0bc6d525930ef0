package io.berth.engine.spec;

import io.berth.common.IdMap;
import io.berth.engine.BundleSpec;
import io.berth.engine.Container;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ExecConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.Layout;
import io.berth.oci.OciJson;
import io.berth.oci.runtime.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BundleSpec} backed by {@link SpecGenerator}: turns the engine's container record (its
 * config already merged with the image's) into the generator's input, reading the container's
 * own /etc/passwd and /etc/group from the mounted rootfs for user resolution.
 */
public final class SpecBundle implements BundleSpec {
  /**
   * The cgroup version of a daemon run rootless (ADR 0114), which may not make cgroups (no
   * delegation): the spec names no cgroup path, so that runc leaves the cgroups it cannot make,
   * and pings only for the groups berthd's own user namespace maps.
   */
  public static final int ROOTLESS = 0;

  private final Layout layout;
  private final int cgroupVersion;
  private final String initHostPath;
  private final IdMap ids;

  /**
   * @param initHostPath the host's init binary for {@code --init} (tini), or null when absent
   */
  public SpecBundle(Layout layout, int cgroupVersion, String initHostPath) {
    this(layout, cgroupVersion, initHostPath, IdMap.NONE);
  }

  /** @param ids the daemon's {@code userns-remap}; {@link IdMap#NONE} for none */
  public SpecBundle(Layout layout, int cgroupVersion, String initHostPath, IdMap ids) {
    this.layout = layout;
    this.cgroupVersion = cgroupVersion;
    this.initHostPath = initHostPath;
    this.ids = ids;
  }

  @Override
  public byte[] config(Container c, Path rootfs, HostFilePaths files) {
    ContainerConfig cfg = c.config();
    ContainerSettings settings = new ContainerSettings(cfg.env(), cfg.entrypoint(), cfg.cmd(),
        cfg.workingDir(), cfg.user(), cfg.tty(), cfg.openStdin(), cfg.hostname(),
        cfg.domainname(), cfg.stopSignal());
    HostConfig h = c.hostConfig();
    RuntimeSpec spec = HostCapabilities.clamp(
        SpecGenerator.generate(input(c, settings, false, rootfs, files)));
    if (cgroupVersion == ROOTLESS) {
      spec = UserNamespace.pingGroups(spec, UserNamespace.ownGroups());
    }
    RuntimeSpec remapped = UserNamespace.apply(spec, ids, usernsMode(h), h.privileged(),
        h.networkMode(), h.pidMode(), usernsPath(c, files));
    if (remapped != spec) {
      remapped = UserNamespace.bindDevices(remapped, DeviceNodes.resolve(h.devices()).hostPaths());
    }
    return OciJson.write(remapped);
  }

  @Override
  public Runnable prepareNamespaces(Container c) {
    HostConfig h = c.hostConfig();
    String net = h.networkMode() == null ? "" : h.networkMode();
    if (!ids.remapped() || "host".equals(usernsMode(h)) || net.equals("host")
        || net.startsWith("container:")) {
      return null;
    }
    Path user = layout.userns(c.id());
    Path netns = layout.netns(c.id());
    UserNamespaces.create(ids, user, netns);
    return () -> UserNamespaces.release(user);
  }

  /**
   * Its own user namespace; for {@code container:<x>} networking x's (the owner of the network
   * namespace it joins, {@code <exec-root>/netns/<x>}), as moby joins it.
   */
  private String usernsPath(Container c, HostFilePaths files) {
    String net = c.hostConfig().networkMode() == null ? "" : c.hostConfig().networkMode();
    if (!net.startsWith("container:")) {
      return layout.userns(c.id()).toString();
    }
    return files.netns() == null ? null
        : layout.userns(files.netns().getFileName().toString()).toString();
  }

  private static String usernsMode(HostConfig h) {
    return h.text(HostConfig.Extra.USERNS_MODE);
  }

  @Override
  public byte[] execProcess(Container c, ExecConfig exec) {
    ContainerConfig cfg = c.config();
    List<String> env = new ArrayList<>(cfg.envOrEmpty());
    env.addAll(exec.env());
    String cwd = exec.workingDir() == null || exec.workingDir().isEmpty()
        ? cfg.workingDir() : exec.workingDir();
    String user = exec.user() == null || exec.user().isEmpty() ? cfg.user() : exec.user();
    // An exec runs exactly its Cmd: no entrypoint, no image CMD.
    ContainerSettings settings = new ContainerSettings(env, exec.cmd(), List.of(), cwd, user,
        exec.tty(), exec.attachStdin(), cfg.hostname(), cfg.domainname(), null);
    Path rootfs = layout.rootfs(c.id());
    HostFilePaths files = new HostFilePaths(Path.of(c.hostnamePath()), Path.of(c.hostsPath()),
        Path.of(c.resolvConfPath()));
    RuntimeSpec spec = HostCapabilities.clamp(
        SpecGenerator.generate(input(c, settings, exec.privileged(), rootfs, files)));
    return OciJson.write(spec.process());
  }

  private ContainerSpecInput input(Container c, ContainerSettings settings, boolean privileged,
      Path rootfs, HostFilePaths files) {
    HostConfig h = c.hostConfig();
    List<HostSettings.Ulimit> ulimits = h.ulimits() == null ? List.of()
        : h.ulimits().stream().map(u -> new HostSettings.Ulimit(u.name(), u.soft(), u.hard()))
            .toList();
    HostSettings host = new HostSettings(h.privileged() || privileged, h.readonlyRootfs(),
        h.capAdd(), h.capDrop(), h.securityOpt(), h.pidMode(), h.ipcMode(), h.utsMode(),
        h.init(), ulimits, h.sysctls(), h.shmSize(), MountPoints.tmpfs(c), MountPoints.binds(c),
        0).withLimits(io.berth.engine.ResourceConfig.of(h).limits());
    DeviceNodes.Resolved devices = DeviceNodes.resolve(h.devices());
    List<io.berth.oci.runtime.Linux.DeviceRule> rules = new ArrayList<>(devices.rules());
    rules.addAll(DeviceRules.parse(h.deviceCgroupRules()));
    host = host.withDevices(h.groupAdd(), devices.nodes(), rules);
    SpecContext ctx = new SpecContext(rootfs.toString(), files.hostname().toString(),
        files.hosts().toString(), files.resolvConf().toString(),
        "host".equals(h.networkMode()), files.netns() == null ? null : files.netns().toString(),
        cgroupVersion == ROOTLESS ? null : "/berth/" + c.id(), cgroupVersion, null, null,
        initHostPath, null, List.of(), read(rootfs.resolve("etc/passwd")),
        read(rootfs.resolve("etc/group")));
    return new ContainerSpecInput(null, settings, host, ctx);
  }

  /** A file of the container's rootfs; null when absent. Symlinks are not followed out. */
  private static String read(Path p) {
    try {
      if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      return Files.readString(p);
    } catch (IOException e) {
      return null;
    }
  }
}
