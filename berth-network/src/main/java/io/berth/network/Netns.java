package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-container network namespaces bind-mounted at {@code <exec-root>/netns/<id>}, so they live
 * as long as that mount, not as long as berthd or the container's process: the runtime joins
 * the namespace by path (the spec's {@code linux.namespaces[network].path}), and a restarted
 * berthd finds it again by the same path. {@code unshare --net=<file>} makes and binds it
 * (util-linux, unshare(1)).
 */
public final class Netns implements Namespaces {
  private final Path dir;

  public Netns(Path execRoot) {
    this.dir = execRoot.resolve("netns");
    // the path goes into shell scripts in single quotes (BridgeDriver.attach, deleteWithLinks)
    if (dir.toString().matches("(?s).*['\\n\\r\\\\].*")) {
      throw io.berth.common.BerthException.invalid("exec root " + execRoot + " has a quote,"
          + " backslash or line break, which berth does not pass to a shell");
    }
  }

  public Path path(String id) {
    return dir.resolve(id);
  }

  /** Makes the namespace (with only {@code lo}, down) and returns its path. */
  @Override
  public Path create(String id) {
    Path p = path(id);
    try {
      Files.createDirectories(dir);
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
    } catch (IOException e) {
      throw BerthException.internal("create netns file " + p + ": " + e.getMessage(), e);
    }
    if (isMounted(p)) {
      return p;
    }
    try {
      Command.run(null, "unshare", "--net=" + p, "true");
    } catch (RuntimeException e) {
      deleteFile(p);
      throw e;
    }
    return p;
  }

  /** Unmounts and deletes it; its interfaces go with it. Nothing there is not an error. */
  @Override
  public void delete(String id) {
    Path p = path(id);
    if (isMounted(p)) {
      Command.tryRun(null, "umount", "-l", p.toString());
    }
    deleteFile(p);
  }

  /**
   * Removes the host ends of {@code veths} and the namespace in one shell (one process for
   * the daemon to start). Absent links and an unmounted namespace are fine.
   */
  @Override
  public void deleteWithLinks(String id, List<String> veths) {
    Path p = path(id);
    StringBuilder script = new StringBuilder();
    for (String v : veths) {
      if (BridgeDriver.linkExists(v)) {
        script.append("ip link del ").append(v).append(" 2>/dev/null\n");
      }
    }
    if (isMounted(p)) {
      script.append("umount -l '").append(p).append("'\n");
    }
    if (!script.isEmpty()) {
      Command.tryRun(null, "sh", "-c", script + "true\n");
    }
    deleteFile(p);
  }

  public boolean exists(String id) {
    return isMounted(path(id));
  }

  /** Runs {@code ip -batch -} inside the namespace. */
  void ipBatch(Path netns, String batch) {
    Command.run(batch, "nsenter", "--net=" + netns, "ip", "-batch", "-");
  }

  private static boolean isMounted(Path p) {
    try {
      String target = " " + p.toAbsolutePath() + " ";
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        if (line.contains(target)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static void deleteFile(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // still mounted elsewhere; left for the next start-up
    }
  }
}
