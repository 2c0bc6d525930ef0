package io.berth.engine.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process environment, built as Docker builds it: image env merged under the container's
 * (moby {@code daemon/commit.go merge}), then laid over the daemon's defaults PATH, HOSTNAME and
 * TERM ({@code container.CreateDaemonEnvironment}, {@code ReplaceOrAppendEnvValues}). HOME is
 * added last when absent, as runc does from the resolved user.
 */
final class Environment {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private Environment() {}

  static List<String> build(List<String> imageEnv, List<String> containerEnv, String hostname,
      boolean tty, String home) {
    List<String> merged = new ArrayList<>(containerEnv);
    for (String entry : imageEnv == null ? List.<String>of() : imageEnv) {
      if (containerEnv.stream().noneMatch(c -> key(c).equals(key(entry)))) {
        merged.add(entry);
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "PATH=" + DEFAULT_PATH);
    env.put("HOSTNAME", "HOSTNAME=" + (hostname == null ? "" : hostname));
    if (tty) {
      env.put("TERM", "TERM=xterm");
    }
    for (String entry : merged) {
      env.put(key(entry), entry);
    }
    // Why: a bare "KEY" (no '=') unsets KEY; Docker drops such entries after merging.
    env.values().removeIf(e -> !e.contains("="));
    env.putIfAbsent("HOME", "HOME=" + home);
    return List.copyOf(env.values());
  }

  private static String key(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }
}
