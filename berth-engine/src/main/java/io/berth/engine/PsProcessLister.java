package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code docker top} as moby does it ({@code daemon/top_unix.go}): run {@code ps} on the host
 * and keep the rows whose PID belongs to the container. A process belongs to it when it is in
 * the same pid namespace as the container's init (read from {@code /proc/<pid>/ns/pid}).
 */
public final class PsProcessLister implements ProcessLister {
  @Override
  public Table list(int pid, String psArgs) {
    Set<String> pids = pidsInNamespaceOf(pid);
    List<String> cmd = new ArrayList<>();
    cmd.add("ps");
    cmd.addAll(Arrays.asList((psArgs == null || psArgs.isBlank() ? "-ef" : psArgs)
        .trim().split("\\s+")));
    String out;
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw BerthException.internal("ps: " + out.strip(), null);
      }
    } catch (IOException e) {
      throw BerthException.internal("run ps: " + Messages.of(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("run ps: interrupted", e);
    }
    return parse(out, pids);
  }

  static Table parse(String psOutput, Set<String> pids) {
    List<String> lines = psOutput.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw BerthException.internal("ps printed nothing", null);
    }
    List<String> titles = List.of(lines.getFirst().trim().split("\\s+"));
    int pidCol = titles.indexOf("PID");
    if (pidCol < 0) {
      throw BerthException.invalid("Couldn't find PID field in ps output");
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      // the last column (CMD) may contain spaces: split into at most titles.size() fields
      String[] f = line.trim().split("\\s+", titles.size());
      if (f.length > pidCol && pids.contains(f[pidCol])) {
        rows.add(List.of(f));
      }
    }
    return new Table(titles, rows);
  }

  private static Set<String> pidsInNamespaceOf(int pid) {
    Set<String> out = new HashSet<>();
    out.add(Integer.toString(pid));
    String ns = nsOf(Path.of("/proc", Integer.toString(pid)));
    if (ns == null) {
      return out;
    }
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && ns.equals(nsOf(d))) {
          out.add(name);
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("list /proc", e);
    }
    return out;
  }

  private static String nsOf(Path procDir) {
    try {
      return Files.readSymbolicLink(procDir.resolve("ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null; // the process is gone, or not ours to see
    }
  }
}
