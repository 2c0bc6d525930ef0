package io.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's mount table, as a test reads it for what a daemon left behind. */
final class MountTable {
  private MountTable() {}

  /**
   * {@code table} (/proc/self/mounts or mountinfo) once no line names {@code needle}, or as it
   * is after 10 s: rm -f answers once the container is gone and unmounts right after (ADR 0141).
   */
  static String once(Path table, String needle) throws IOException, InterruptedException {
    String mounts = "";
    for (int i = 0; i < 100; i++) {
      mounts = Files.readString(table);
      if (!mounts.contains(needle)) {
        break;
      }
      Thread.sleep(100);
    }
    return mounts;
  }
}
