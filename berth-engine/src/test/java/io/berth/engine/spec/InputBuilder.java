package io.berth.engine.spec;

import io.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable builder for test inputs: busybox's image config and Docker's defaults. */
final class InputBuilder {
  static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      daemon:x:1:1:daemon:/usr/sbin:/bin/false
      www:x:33:33:www-data:/var/www:/bin/false
      app:x:1000:1000:app:/home/app:/bin/sh
      """;
  static final String GROUP = """
      root:x:0:
      daemon:x:1:
      tty:x:5:
      www-data:x:33:
      staff:x:50:app,www
      app:x:1000:
      docker:x:999:app
      """;

  List<String> imageEnv = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  List<String> imageEntrypoint = null;
  List<String> imageCmd = List.of("sh");
  String imageUser = null;
  String imageWorkingDir = null;

  List<String> env = null;
  List<String> entrypoint = null;
  List<String> cmd = null;
  String workingDir = null;
  String user = null;
  boolean tty = false;
  String hostname = "0123456789ab";
  String domainname = null;

  boolean privileged = false;
  boolean readonlyRootfs = false;
  List<String> capAdd = List.of();
  List<String> capDrop = List.of();
  List<String> securityOpt = List.of();
  String pidMode = "";
  String ipcMode = "private";
  String utsMode = "";
  Boolean init = null;
  List<HostSettings.Ulimit> ulimits = List.of();
  Map<String, String> sysctls = new LinkedHashMap<>();
  long shmSize = 0;
  Map<String, String> tmpfs = new LinkedHashMap<>();
  List<HostSettings.BindMount> mounts = new ArrayList<>();
  ResourceLimits limits = ResourceLimits.NONE;

  boolean hostNetwork = false;
  String netnsPath = "/run/berth/netns/0123456789ab";
  int cgroupVersion = 2;
  String passwd = PASSWD;
  String group = GROUP;

  ContainerSpecInput build() {
    String dir = "/var/lib/berth/containers/0123456789ab";
    ImageConfig.RunConfig image = new ImageConfig.RunConfig(imageUser, null, imageEnv,
        imageEntrypoint, imageCmd, null, imageWorkingDir, null, null, null, null, null);
    ContainerSettings container = new ContainerSettings(env, entrypoint, cmd, workingDir, user,
        tty, tty, hostname, domainname, null);
    HostSettings host = new HostSettings(privileged, readonlyRootfs, capAdd, capDrop,
        securityOpt, pidMode, ipcMode, utsMode, init, ulimits, sysctls, shmSize, tmpfs, mounts, 0)
        .withLimits(limits);
    SpecContext context = new SpecContext("/var/lib/berth/snapshots/7/fs", dir + "/hostname",
        dir + "/hosts", dir + "/resolv.conf", hostNetwork, netnsPath, "/berth/0123456789ab",
        cgroupVersion, "amd64", null, "/usr/libexec/berth/docker-init", null,
        List.of(new io.berth.oci.runtime.Linux.Device("/dev/sda", "b", 8, 0, 0660, 0L, 6L)),
        passwd, group);
    return new ContainerSpecInput(image, container, host, context);
  }
}
