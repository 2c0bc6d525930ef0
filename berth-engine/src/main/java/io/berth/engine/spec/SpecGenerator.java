package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.oci.ImageConfig;
import io.berth.oci.runtime.Linux;
import io.berth.oci.runtime.RuntimeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's container create + start settings → an OCI runtime spec, as dockerd builds it (moby
 * {@code daemon/oci_linux.go createSpec}). Pure: the same input always gives the same spec, and
 * nothing outside the input is read. Serialise the result with {@code OciJson.write(spec)} into
 * the bundle's {@code config.json}.
 */
public final class SpecGenerator {
  private SpecGenerator() {}

  /**
   * Builds the spec.
   *
   * @throws BerthException.InvalidArgument for input Docker rejects, with Docker's (or runc's)
   *     text: "No command specified", "unable to find user nope: no matching entries in passwd
   *     file", "unknown capability: ...", sysctl and security-opt errors
   * @throws BerthException.NotImplemented for modes that join another container's namespace
   */
  public static RuntimeSpec generate(ContainerSpecInput in) {
    ImageConfig.RunConfig image = in.image();
    ContainerSettings c = in.container();
    HostSettings host = in.host();
    SpecContext ctx = in.context();
    LinuxDefaults.checkModes(host);
    SecurityOptions security = SecurityOptions.parse(host.securityOpt());

    List<String> args = Commands.args(image.entrypoint(), image.cmd(), c.entrypoint(), c.cmd());
    boolean init = Boolean.TRUE.equals(host.init()) && !host.pidMode().equals("host");
    if (init) {
      if (ctx.initHostPath() == null) {
        throw BerthException.invalid("--init requested but no init binary is configured");
      }
      List<String> withInit = new ArrayList<>(List.of(ctx.initPath(), "--"));
      withInit.addAll(args);
      args = List.copyOf(withInit);
    }
    String userSpec = c.user() != null && !c.user().isEmpty() ? c.user() : image.user();
    Users.Resolved user = Users.resolve(userSpec, ctx.passwd(), ctx.group())
        .withGroups(Users.additionalGroups(host.groupAdd(), ctx.group()));
    List<String> caps = CapabilitySet.of(host.privileged(), host.capAdd(), host.capDrop());

    RuntimeSpec.Process process = new RuntimeSpec.Process(
        c.tty(),
        new RuntimeSpec.User(user.uid(), user.gid(), null, user.additionalGids()),
        args,
        Environment.build(image.env(), c.env(), c.hostname(), c.tty(), user.home()),
        Commands.workingDir(image.workingDir(), c.workingDir()),
        new RuntimeSpec.Capabilities(caps, caps, caps),
        LinuxDefaults.rlimits(host.ulimits()),
        security.noNewPrivileges(),
        host.oomScoreAdj());

    boolean hostUts = host.utsMode().equals("host");
    boolean confinedPaths = !host.privileged() && !security.unconfinedSystemPaths();
    Linux linux = new Linux(
        LinuxDefaults.namespaces(host, ctx),
        devices(host, ctx),
        CgroupResources.build(deviceRules(host), host.limits(), ctx.cgroupVersion()),
        ctx.cgroupsPath(),
        Sysctls.build(host.sysctls(), ctx.hostNetwork(), host.ipcMode().equals("host"), hostUts,
            c.domainname()),
        seccomp(host.privileged(), security.seccomp(), ctx.arch(), caps),
        confinedPaths ? LinuxDefaults.MASKED_PATHS : null,
        confinedPaths ? LinuxDefaults.READONLY_PATHS : null);

    return new RuntimeSpec(
        RuntimeSpec.VERSION,
        process,
        new RuntimeSpec.Root(ctx.rootfsPath(), host.readonlyRootfs()),
        hostUts || c.hostname() == null || c.hostname().isEmpty() ? null : c.hostname(),
        Mounts.build(in, init),
        linux);
  }

  /** The host's devices when privileged, then those of {@code --device} (one per path). */
  private static List<Linux.Device> devices(HostSettings host, SpecContext ctx) {
    List<Linux.Device> out = new ArrayList<>(host.privileged() ? ctx.hostDevices() : List.of());
    for (Linux.Device d : host.devices()) {
      out.removeIf(o -> o.path().equals(d.path()));
      out.add(d);
    }
    return List.copyOf(out);
  }

  /** Docker's defaults (all when privileged), then the devices' and the user's own rules. */
  private static List<Linux.DeviceRule> deviceRules(HostSettings host) {
    List<Linux.DeviceRule> out = new ArrayList<>(host.privileged() ? LinuxDefaults.ALL_DEVICES
        : LinuxDefaults.DEVICE_RULES);
    out.addAll(host.deviceRules());
    return List.copyOf(out);
  }

  private static Linux.Seccomp seccomp(boolean privileged, String option, String arch,
      List<String> caps) {
    if (privileged || option.equals(SecurityOptions.UNCONFINED)) {
      return null;
    }
    SeccompProfile profile = option.equals(SecurityOptions.BUILTIN)
        ? SeccompProfile.builtin()
        : SeccompProfile.parse(option);
    return profile.resolve(arch, caps);
  }
}
