package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 4: {@code --format json} and {@code --format table} give the docker CLI's shape for each
 * command that has them: the same JSON keys (values differ: times, sizes), the same table header.
 */
class FormatParityE2eTest {
  @TempDir static Path dir;
  static Berthd daemon;
  static String container;

  @BeforeAll
  static void start() throws Exception {
    Prerequisites.assumeContainers();
    daemon = Berthd.start(dir.resolve("d"), "--bridge", "none");
    Images.loadBusybox(daemon, dir);
    Cmd.Result c = Cmd.docker(daemon, "run", "-d", "--network", "none", "busybox", "sleep", "300");
    assertThat(c.code()).as(c.all()).isZero();
    container = c.out().strip();
    assertThat(Cmd.docker(daemon, "volume", "create", "fmt").code()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      Cmd.docker(daemon, "rm", "-f", container);
      daemon.close();
    }
  }

  /** Commands with --format json (one value a line) and --format table. */
  static List<List<String>> commands() {
    return List.of(List.of("images"), List.of("image", "ls"), List.of("history", "busybox"),
        List.of("system", "df"), List.of("stats", "--no-stream"), List.of("ps", "-a"),
        List.of("container", "ls"), List.of("volume", "ls"), List.of("network", "ls"));
  }

  /** Commands whose --format json is one object, and which have no table form. */
  static List<List<String>> objects() {
    return List.of(List.of("inspect", container), List.of("volume", "inspect", "fmt"),
        List.of("network", "inspect", "none"), List.of("image", "inspect", "busybox"),
        List.of("version"), List.of("info"));
  }

  @Test
  void jsonKeysAndTableHeadersAreDockers() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (List<String> c : commands()) {
      Cmd.Result d = run(c, "json", true);
      Cmd.Result b = run(c, "json", false);
      String what = String.join(" ", c) + " --format json";
      soft.assertThat(b.code()).as(what + "\n" + b.all()).isEqualTo(d.code());
      soft.assertThat(keys(b.out())).as(what).isEqualTo(keys(d.out()));
      table(soft, c);
    }
    for (List<String> c : objects()) {
      Cmd.Result d = run(c, "json", true);
      Cmd.Result b = run(c, "json", false);
      String what = String.join(" ", c) + " --format json";
      soft.assertThat(b.code()).as(what + "\n" + b.all()).isEqualTo(d.code());
      soft.assertThat(keys(b.out())).as(what).isEqualTo(keys(d.out()));
    }
    soft.assertAll();
  }

  private static void table(SoftAssertions soft, List<String> c) throws Exception {
    Cmd.Result dt = run(c, "table", true);
    Cmd.Result bt = run(c, "table", false);
    soft.assertThat(dt.code()).as(dt.all()).isZero();
    soft.assertThat(firstLine(bt.out())).as(String.join(" ", c) + " --format table\n" + bt.all())
        .isEqualTo(firstLine(dt.out()));
  }

  private static Cmd.Result run(List<String> c, String format, boolean docker) throws Exception {
    List<String> args = new ArrayList<>(c);
    args.add("--format");
    args.add(format);
    if (docker) {
      return Cmd.docker(daemon, args.toArray(String[]::new));
    }
    args.addAll(0, List.of("-H", daemon.host()));
    return Cmd.berth(Map.of("DOCKER_CONFIG", daemon.dir.resolve("docker-config").toString()),
        args.toArray(String[]::new));
  }

  /** The top-level keys of each JSON value (an array's first element), as one sorted set. */
  static TreeSet<String> keys(String out) throws Exception {
    TreeSet<String> keys = new TreeSet<>();
    if (out.isBlank()) {
      return keys;
    }
    // one value a line, or one pretty-printed value: read them as a sequence either way
    for (JsonNode n : new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(out)
        .readAll()) {
      if (n.isArray() && !n.isEmpty()) {
        n = n.get(0);
      }
      n.fieldNames().forEachRemaining(keys::add);
    }
    return keys;
  }

  private static String firstLine(String out) {
    String s = out.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replaceAll("\\s+", " ");
  }
}
