package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges tmpfs mount options, later ones winning, as moby's {@code mount.MergeTmpfsOptions}:
 * of each flag pair ({@code ro}/{@code rw}, {@code exec}/{@code noexec}, ...) and each data key
 * ({@code size}, {@code mode}, ...) only the last one stays, in its place.
 */
final class TmpfsOptions {
  /** Flag → the group it conflicts within. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("ro", "rdonly"), Map.entry("rw", "rdonly"),
      Map.entry("suid", "nosuid"), Map.entry("nosuid", "nosuid"),
      Map.entry("dev", "nodev"), Map.entry("nodev", "nodev"),
      Map.entry("exec", "noexec"), Map.entry("noexec", "noexec"),
      Map.entry("sync", "sync"), Map.entry("async", "sync"),
      Map.entry("dirsync", "dirsync"), Map.entry("remount", "remount"),
      Map.entry("mand", "mand"), Map.entry("nomand", "mand"),
      Map.entry("atime", "noatime"), Map.entry("noatime", "noatime"),
      Map.entry("diratime", "nodiratime"), Map.entry("nodiratime", "nodiratime"),
      Map.entry("relatime", "relatime"), Map.entry("norelatime", "relatime"),
      Map.entry("strictatime", "strictatime"), Map.entry("nostrictatime", "strictatime"),
      Map.entry("private", "private"), Map.entry("rprivate", "rprivate"),
      Map.entry("shared", "shared"), Map.entry("rshared", "rshared"),
      Map.entry("slave", "slave"), Map.entry("rslave", "rslave"),
      Map.entry("unbindable", "unbindable"), Map.entry("runbindable", "runbindable"));
  private static final Set<String> DATA = Set.of("size", "mode", "uid", "gid", "nr_inodes",
      "nr_blocks", "mpol");

  private TmpfsOptions() {}

  /** @throws BerthException.InvalidArgument {@code invalid tmpfs option ["foo"]} */
  static List<String> merge(List<String> options) {
    Deque<String> out = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (int i = options.size() - 1; i >= 0; i--) {
      String option = options.get(i);
      if (option.isEmpty() || option.equals("defaults")) {
        continue;
      }
      String group = FLAGS.get(option);
      if (group == null) {
        int eq = option.indexOf('=');
        if (eq < 0 || !DATA.contains(option.substring(0, eq))) {
          throw BerthException.invalid("invalid tmpfs option [\"" + option.replaceFirst("=", "\" \"") + "\"]");
        }
        group = "data:" + option.substring(0, eq);
      }
      if (seen.add(group)) {
        out.addFirst(option);
      }
    }
    return List.copyOf(out);
  }
}
