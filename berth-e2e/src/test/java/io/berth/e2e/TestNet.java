package io.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each test daemon's own default bridge, subnet, address pool and nftables table, derived from
 * its directory (so a restarted daemon on the same directory gets the same ones), and their
 * removal afterwards. The host's own tables, routes and bridges are never touched.
 */
record TestNet(String bridge, String table, String bip, String pool) {
  static TestNet of(Path dir) {
    int h = dir.toAbsolutePath().toString().hashCode() & 0x7fffffff;
    String id = String.format("%06x", h & 0xffffff);
    return new TestNet("bt" + id, "berth_t" + id,
        "10." + (200 + h % 50) + "." + ((h >>> 8) & 255) + ".1/24",
        "base=10." + (100 + (h >>> 4) % 90) + ".0.0/16,size=24");
  }

  List<String> daemonArgs() {
    return List.of("--bridge", bridge, "--bip", bip, "--nft-table", table,
        "--default-address-pool", pool);
  }

  /** Removes the table and every bridge the daemon made, unless a container netns is left. */
  void cleanUpIfIdle(Path root, Path execRoot) throws IOException, InterruptedException {
    Path netns = execRoot.resolve("netns");
    if (Files.isDirectory(netns)) {
      try (Stream<Path> s = Files.list(netns)) {
        if (s.findAny().isPresent()) {
          return;
        }
      }
    }
    run("nft", "delete", "table", "ip", table);
    run("ip", "link", "del", bridge);
    Path nets = root.resolve("network").resolve("networks");
    if (Files.isDirectory(nets)) {
      Pattern p = Pattern.compile("\"Bridge\"\\s*:\\s*\"([^\"]+)\"");
      try (Stream<Path> s = Files.list(nets)) {
        for (Path f : s.toList()) {
          Matcher m = p.matcher(Files.readString(f));
          if (m.find()) {
            run("ip", "link", "del", m.group(1));
          }
        }
      }
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
        ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
