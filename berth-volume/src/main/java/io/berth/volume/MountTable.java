package io.berth.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc/self/mountinfo} (proc(5)): is a directory a mount point? */
final class MountTable {
  private MountTable() {}

  static boolean isMountPoint(Path dir) {
    String target;
    try {
      // mountinfo shows the real path: /tmp/x when the root was given through a symlink
      target = dir.toRealPath().toString();
    } catch (IOException e) {
      return false;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length > 4 && unescape(f[4]).equals(target)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
