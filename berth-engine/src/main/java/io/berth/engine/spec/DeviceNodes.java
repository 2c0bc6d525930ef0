package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.engine.HostConfig.DeviceMapping;
import io.berth.oci.runtime.Linux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code --device}: the host's device nodes as the spec's {@code linux.devices} and the cgroup
 * rules that allow them, as moby's {@code oci/devices_linux.go DevicesFromPath}: a device node
 * (symlinks followed) is one entry with the host node's type, numbers, mode and owner, at the
 * container path; a directory gives every device node under it. Reads the host: not pure.
 */
final class DeviceNodes {
  private static final int S_IFMT = 0170000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  /**
   * The nodes to create, the cgroup rules that allow them, and each node's host path by its
   * path in the container (what a user namespace bind-mounts instead of creating it).
   */
  record Resolved(List<Linux.Device> nodes, List<Linux.DeviceRule> rules,
      Map<String, String> hostPaths) {}

  private DeviceNodes() {}

  /**
   * @throws BerthException.InvalidArgument with moby's text, e.g. {@code error gathering device
   *     information while adding custom device "/dev/nope": no such file or directory}
   */
  static Resolved resolve(List<DeviceMapping> mappings) {
    List<Linux.Device> nodes = new ArrayList<>();
    List<Linux.DeviceRule> rules = new ArrayList<>();
    Map<String, String> hostPaths = new LinkedHashMap<>();
    for (DeviceMapping m : mappings == null ? List.<DeviceMapping>of() : mappings) {
      String host = m.pathOnHost() == null ? "" : m.pathOnHost();
      String inContainer = m.pathInContainer() == null || m.pathInContainer().isEmpty() ? host
          : m.pathInContainer();
      String perms = m.cgroupPermissions() == null || m.cgroupPermissions().isEmpty() ? "rwm"
          : m.cgroupPermissions();
      if (host.isEmpty() || !perms.matches("[rwm]{1,3}")) {
        throw BerthException.invalid("invalid device mapping " + host + ":" + inContainer + ":"
            + perms);
      }
      Path p = Path.of(host);
      List<Linux.Device> found = new ArrayList<>();
      try {
        if (Files.isDirectory(p)) {
          try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.filter(f -> !Files.isDirectory(f)).toList()) {
              String at = inContainer + "/" + p.relativize(f);
              node(f, at).ifPresent(d -> {
                found.add(d);
                hostPaths.put(at, f.toString());
              });
            }
          }
        } else {
          node(p, inContainer).ifPresent(d -> {
            found.add(d);
            hostPaths.put(inContainer, host);
          });
        }
      } catch (NoSuchFileException e) {
        throw gathering(host, "no such file or directory");
      } catch (IOException | UnsupportedOperationException e) {
        throw gathering(host, e.getMessage());
      }
      if (found.isEmpty()) {
        throw gathering(host, "not a device node");
      }
      for (Linux.Device d : found) {
        nodes.add(d);
        rules.add(new Linux.DeviceRule(true, d.type(), d.major(), d.minor(), perms));
      }
    }
    return new Resolved(List.copyOf(nodes), List.copyOf(rules), hostPaths);
  }

  private static java.util.Optional<Linux.Device> node(Path p, String inContainer)
      throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode");
    String type = switch (mode & S_IFMT) {
      case S_IFCHR -> "c";
      case S_IFBLK -> "b";
      default -> null;
    };
    if (type == null) {
      return java.util.Optional.empty();
    }
    long rdev = ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
    long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    long uid = ((Number) Files.getAttribute(p, "unix:uid")).longValue();
    long gid = ((Number) Files.getAttribute(p, "unix:gid")).longValue();
    return java.util.Optional.of(new Linux.Device(inContainer, type, major, minor, mode & 07777,
        uid, gid));
  }

  private static BerthException gathering(String host, String why) {
    return BerthException.invalid("error gathering device information while adding custom "
        + "device \"" + host + "\": " + why);
  }
}
