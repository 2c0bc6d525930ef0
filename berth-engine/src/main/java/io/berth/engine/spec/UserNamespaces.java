package io.berth.engine.spec;

import io.berth.common.BerthException;
import io.berth.common.Command;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A remapped container's user namespace and the network namespace it owns, made by berthd
 * before the container's network is set up and bound to files, as the network namespace of
 * every container is (ADR 0111). The network namespace must belong to the container's user
 * namespace: otherwise its root may not mount sysfs or write {@code net.*} sysctls, and
 * {@code runc exec}, which joins the user namespace first, may not join it at all.
 *
 * <p>{@code unshare --user --net} (util-linux) makes both around a shell that waits; berthd,
 * root in the parent namespace, writes the id maps itself (newuidmap would look for root's own
 * subordinate ranges) and binds the two namespaces to their files. (unshare's own
 * {@code --user=<file>} binding fails here with EPERM: its helper mounts before the namespace
 * is ready.)
 */
public final class UserNamespaces {
  private UserNamespaces() {}

  /** Makes both namespaces at {@code userFile} and {@code netFile}; on failure, neither. */
  public static void create(IdMap ids, Path userFile, Path netFile) {
    Process p = null;
    try {
      for (Path f : new Path[] {userFile, netFile}) {
        Files.createDirectories(f.getParent());
        if (!Files.exists(f)) {
          Files.createFile(f);
        }
      }
      p = new ProcessBuilder("unshare", "--user", "--net", "--", "sh", "-c",
          "echo ready; exec cat >/dev/null").redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      String line = out.readLine();
      if (!"ready".equals(line)) {
        throw new IOException("unshare: " + line);
      }
      // sh runs inside both new namespaces: map them, bind them, let sh go
      long pid = p.pid();
      Files.writeString(Path.of("/proc/" + pid + "/uid_map"),
          "0 " + ids.hostUid(0) + " " + ids.size() + "\n");
      Files.writeString(Path.of("/proc/" + pid + "/gid_map"),
          "0 " + ids.hostGid(0) + " " + ids.size() + "\n");
      Command.run(null, "mount", "--bind", "/proc/" + pid + "/ns/user", userFile.toString());
      Command.run(null, "mount", "--bind", "/proc/" + pid + "/ns/net", netFile.toString());
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("unshare exited " + (p.isAlive() ? "late" : p.exitValue()));
      }
    } catch (IOException | RuntimeException e) {
      if (p != null) {
        p.destroyForcibly();
      }
      release(netFile);
      release(userFile);
      throw BerthException.internal("failed to create user namespace: " + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release(netFile);
      release(userFile);
      throw BerthException.internal("interrupted creating user namespace", e);
    }
  }

  /** Unbinds and deletes a namespace file; nothing there is not an error. */
  public static void release(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    Command.tryRun(null, "umount", "-l", file.toString()); // not bound (any more): fine
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw BerthException.internal("release namespace " + file + ": " + Messages.of(e), e);
    }
  }
}
