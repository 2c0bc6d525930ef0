package io.berth.daemon;

import io.berth.common.BerthException;
import io.berth.common.Command;
import io.berth.common.IdMap;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * dockerd's {@code --userns-remap}: {@code default} or {@code user[:group]} → the first
 * subordinate uid and gid ranges of that user and group in {@code /etc/subuid} and
 * {@code /etc/subgid} (shadow's {@code subuid(5)}). {@code default} is berth's own user,
 * {@code berth-remap}, made on first use as dockerd makes {@code dockremap}: a system user
 * with 65536 ids after the highest range already given out.
 */
final class UsernsRemap {
  static final String DEFAULT_USER = "berth-remap";
  private static final long SIZE = 65536;

  private UsernsRemap() {}

  /** The mapping for {@code spec}; {@link IdMap#NONE} when it is null or empty. */
  static IdMap resolve(String spec) {
    if (spec == null || spec.isEmpty()) {
      return IdMap.NONE;
    }
    String user = spec;
    String group = null;
    int colon = spec.indexOf(':');
    if (colon >= 0) {
      user = spec.substring(0, colon);
      group = spec.substring(colon + 1);
    }
    if (user.equals("default")) {
      if (group != null) {
        throw new ConfigException("userns-remap: \"default\" takes no group");
      }
      user = DEFAULT_USER;
      group = DEFAULT_USER;
      ensureDefaultUser();
    }
    String name = nameOf(user, "passwd");
    String groupName = group == null ? name : nameOf(group, "group");
    long[] uids = range(Path.of("/etc/subuid"), name, user);
    long[] gids = range(Path.of("/etc/subgid"), groupName, group == null ? user : group);
    if (uids == null || gids == null) {
      throw new ConfigException("userns-remap: no subordinate " + (uids == null ? "uid" : "gid")
          + " range for " + (uids == null ? name : groupName) + " in "
          + (uids == null ? "/etc/subuid" : "/etc/subgid"));
    }
    return new IdMap(uids[0], gids[0], Math.min(uids[1], gids[1]));
  }

  /**
   * The remapped daemon's own root, {@code <root>/<uid>.<gid>}, as dockerd's; every directory
   * from the filesystem root to it must let the remapped root search it (runc sets up the
   * container's mounts from inside the user namespace).
   */
  static Path root(Path root, IdMap ids) throws IOException {
    Path r = root.resolve(ids.hostUid(0) + "." + ids.hostGid(0));
    Files.createDirectories(r);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    Files.setPosixFilePermissions(r, PosixFilePermissions.fromString("rwx--x--x"));
    return r;
  }

  private static void ensureDefaultUser() {
    if (getent("passwd", DEFAULT_USER) == null) {
      run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
          "/nonexistent", "--shell", "/usr/sbin/nologin", DEFAULT_USER);
    }
    try {
      for (String file : new String[] {"/etc/subuid", "/etc/subgid"}) {
        Path p = Path.of(file);
        if (range(p, DEFAULT_USER, DEFAULT_USER) == null) {
          long start = Math.max(100000, highestEnd(p));
          run("usermod", file.endsWith("uid") ? "--add-subuids" : "--add-subgids",
              start + "-" + (start + SIZE - 1), DEFAULT_USER);
        }
      }
    } catch (IOException e) {
      throw new ConfigException("userns-remap: " + Messages.of(e));
    }
  }

  /** The first {start, count} of {@code name} (or of numeric id {@code id}) in a subid file. */
  static long[] range(Path file, String name, String id) {
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new ConfigException("userns-remap: cannot read " + file + ": " + Messages.of(e));
    }
    for (String line : lines) {
      String[] f = line.strip().split(":");
      if (f.length == 3 && (f[0].equals(name) || f[0].equals(id))) {
        try {
          return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        } catch (NumberFormatException e) {
          throw new ConfigException("userns-remap: bad line in " + file + ": " + line);
        }
      }
    }
    return null;
  }

  private static long highestEnd(Path file) throws IOException {
    long end = 0;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.strip().split(":");
        if (f.length == 3 && f[1].matches("[0-9]+") && f[2].matches("[0-9]+")) {
          end = Math.max(end, Long.parseLong(f[1]) + Long.parseLong(f[2]));
        }
      }
    }
    return end;
  }

  /** The name of a user or group given by name or number; dockerd's error when unknown. */
  private static String nameOf(String nameOrId, String db) {
    String entry = getent(db, nameOrId);
    if (entry == null) {
      throw new ConfigException("userns-remap: no such " + (db.equals("passwd") ? "user" : "group")
          + ": " + nameOrId);
    }
    return entry.split(":", 2)[0];
  }

  private static String getent(String db, String key) {
    Command.Result r = command("getent", db, key);
    return r.code() == 0 && !r.out().isBlank() ? r.out().strip() : null;
  }

  private static void run(String... cmd) {
    Command.Result r = command(cmd);
    if (r.code() != 0) {
      throw new ConfigException("userns-remap: " + String.join(" ", cmd) + ": "
          + r.err().strip());
    }
  }

  private static Command.Result command(String... cmd) {
    try {
      return Command.tryRun(null, cmd);
    } catch (BerthException e) {
      throw new ConfigException("userns-remap: " + Messages.of(e));
    }
  }
}
