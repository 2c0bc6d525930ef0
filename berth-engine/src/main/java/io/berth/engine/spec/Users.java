package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resolves Docker's {@code User} ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid})
 * against the container's {@code /etc/passwd} and {@code /etc/group}, with runc's rules
 * (libcontainer/user {@code GetExecUser}): numeric ids need not exist; a name must; supplementary
 * groups come from group membership only when no group is given.
 */
final class Users {
  private static final long MAX_ID = 2147483647L;

  private Users() {}

  /** The resolved user: ids, supplementary groups (primary gid first, as Docker lists) and HOME. */
  record Resolved(long uid, long gid, List<Long> additionalGids, String home) {
    /** With {@code extra} appended to the supplementary groups (each once). */
    Resolved withGroups(List<Long> extra) {
      List<Long> all = new ArrayList<>(additionalGids);
      extra.stream().filter(g -> !all.contains(g)).forEach(all::add);
      return new Resolved(uid, gid, List.copyOf(all), home);
    }
  }

  /**
   * {@code --group-add}: each a group name or gid found in the container's {@code /etc/group},
   * else a number, as runc's {@code GetAdditionalGroups}.
   *
   * @throws BerthException.InvalidArgument {@code Unable to find group nope: no matching entries
   *     in group file}, or the range error for a number past 2147483647
   */
  static List<Long> additionalGroups(List<String> groups, String group) {
    List<Long> out = new ArrayList<>();
    for (String g : groups) {
      Optional<String[]> entry = lines(group, 4)
          .filter(e -> e[0].equals(g) || e[2].equals(g)).findFirst();
      long gid;
      if (entry.isPresent()) {
        gid = parseId(entry.get()[2]);
      } else {
        Long numeric = number(g);
        if (numeric == null) {
          throw BerthException.invalid("Unable to find group " + g
              + ": no matching entries in group file");
        }
        gid = numeric;
      }
      if (!out.contains(gid)) {
        out.add(gid);
      }
    }
    return List.copyOf(out);
  }

  /**
   * @param spec the user spec; null or empty = root
   * @param passwd contents of /etc/passwd, null if the file is missing
   * @param group contents of /etc/group, null if the file is missing
   * @throws BerthException.InvalidArgument with runc's texts, e.g.
   *     {@code unable to find user nope: no matching entries in passwd file}
   */
  static Resolved resolve(String spec, String passwd, String group) {
    String whole = spec == null || spec.isEmpty() ? "0" : spec;
    int colon = whole.indexOf(':');
    String userPart = colon < 0 ? whole : colon == 0 ? "0" : whole.substring(0, colon);
    String groupPart = colon < 0 ? null : whole.substring(colon + 1);
    Long numericUid = number(userPart);
    Optional<String[]> entry = lines(passwd, 7)
        .filter(f -> f[0].equals(userPart) || numericUid != null && f[2].equals(userPart))
        .findFirst();
    long uid;
    long gid = 0;
    String home = "/";
    String name = null;
    if (entry.isPresent()) {
      String[] f = entry.get();
      name = f[0];
      uid = parseId(f[2]);
      gid = parseId(f[3]);
      home = f[5].isEmpty() ? "/" : f[5];
    } else if (numericUid != null) {
      uid = numericUid;
    } else {
      throw BerthException.invalid("unable to find user " + userPart
          + ": no matching entries in passwd file");
    }
    List<Long> additional = new ArrayList<>();
    if (groupPart != null && !groupPart.isEmpty()) {
      gid = groupId(groupPart, group);
    } else if (name != null) {
      String member = name;
      lines(group, 4)
          .filter(g -> List.of(g[3].split(",")).contains(member))
          .forEach(g -> additional.add(parseId(g[2])));
    }
    List<Long> gids = new ArrayList<>(List.of(gid));
    additional.stream().filter(g -> !gids.contains(g)).forEach(gids::add);
    return new Resolved(uid, gid, List.copyOf(gids), home);
  }

  private static long groupId(String groupPart, String group) {
    Long numeric = number(groupPart);
    Optional<String[]> entry = lines(group, 4)
        .filter(g -> g[0].equals(groupPart) || numeric != null && g[2].equals(groupPart))
        .findFirst();
    if (entry.isPresent()) {
      return parseId(entry.get()[2]);
    }
    if (numeric != null) {
      return numeric;
    }
    throw BerthException.invalid("unable to find group " + groupPart
        + ": no matching entries in group file");
  }

  /**
   * Entries of a passwd ({@code fields} = 7) or group (4) file: non-comment lines split on ':',
   * padded to {@code fields}; lines whose ids are not numbers are skipped, as runc does.
   */
  private static Stream<String[]> lines(String contents, int fields) {
    if (contents == null) {
      return Stream.empty();
    }
    return contents.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> pad(l.split(":", -1), fields))
        .filter(f -> isId(f[2]) && (fields < 7 || isId(f[3])));
  }

  private static String[] pad(String[] f, int fields) {
    String[] out = Arrays.copyOf(f, Math.max(fields, f.length));
    Arrays.setAll(out, i -> out[i] == null ? "" : out[i]);
    return out;
  }

  private static boolean isId(String s) {
    return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(Character::isDigit);
  }

  /** A numeric user or group spec, or null for a name. */
  private static Long number(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
      return null;
    }
    if (s.length() > 10 || Long.parseLong(s) > MAX_ID) {
      throw BerthException.invalid("uids and gids must be in range 0-" + MAX_ID);
    }
    return Long.parseLong(s);
  }

  private static long parseId(String s) {
    return Long.parseLong(s);
  }
}
