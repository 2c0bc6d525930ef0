package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** pause, unpause, update, stats and events, as docker's. */
final class SupervisionCommands {
  private SupervisionCommands() {}

  @Command(name = "pause", description = "Pause all processes within one or more containers")
  static final class Pause implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      return LifecycleCommands.each(spec, names, (api, n) -> {
        api.call("POST", Query.path("/containers/", n, "/pause").toString());
        return n;
      });
    }
  }

  @Command(name = "unpause", description = "Unpause all processes within one or more containers")
  static final class Unpause implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      return LifecycleCommands.each(spec, names, (api, n) -> {
        api.call("POST", Query.path("/containers/", n, "/unpause").toString());
        return n;
      });
    }
  }

  @Command(name = "update", description = "Update configuration of one or more containers")
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LimitOptions limits = new LimitOptions();
    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;
    @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
    String cpus;
    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;
    @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits")
    String restart;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    public Integer call() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      limits.resources(body);
      if (memory != null) {
        body.put("Memory", ContainerSpecs.ramInBytes(memory, "-m, --memory"));
      }
      if (cpus != null) {
        body.put("NanoCpus", ContainerSpecs.nanoCpus(cpus));
      }
      if (pidsLimit != null) {
        body.put("PidsLimit", pidsLimit);
      }
      if (restart != null) {
        body.set("RestartPolicy", ContainerSpecs.restart(restart));
      }
      return LifecycleCommands.each(spec, names, (api, n) -> {
        JsonNode r = api.post(Query.path("/containers/", n, "/update").toString(), body);
        if (r != null) {
          r.path("Warnings").forEach(w -> System.err.println("WARNING: " + w.asText()));
        }
        return n;
      });
    }
  }

  @Command(name = "stats", description = "Display a live stream of container(s) resource usage statistics")
  static final class Stats implements Callable<Integer> {
    static final String TABLE = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t"
        + "{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID",
        "Container", "CONTAINER", "Name", "NAME", "CPUPerc", "CPU %",
        "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O",
        "BlockIO", "BLOCK I/O", "PIDs", "PIDS");

    @Spec CommandSpec spec;
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;
    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;
    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;
    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;
    @Parameters(arity = "0..*", paramLabel = "CONTAINER")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Api api = BerthCommand.api(spec);
      Format f = Format.of(format, TABLE);
      Map<String, JsonNode> previous = new LinkedHashMap<>();
      while (true) {
        List<String> targets = names.isEmpty() ? running(api) : names;
        List<CompletableFuture<JsonNode>> reads = new ArrayList<>();
        for (String n : targets) {
          String q = Query.path("/containers/", n, "/stats").add("stream", "0")
              .flag("one-shot", !noStream).toString();
          reads.add(CompletableFuture.supplyAsync(() -> api.get(q),
              r -> Thread.ofVirtual().start(r)));
        }
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
          JsonNode s = reads.get(i).join();
          JsonNode pre = noStream ? s.path("precpu_stats") : previous.getOrDefault(targets.get(i),
              Json.MAPPER.createObjectNode()).path("cpu_stats");
          previous.put(targets.get(i), s);
          rows.add(row(targets.get(i), s, pre, noTrunc));
        }
        if (!noStream) {
          System.out.print("\033[2J\033[H");
        }
        f.print(System.out, rows, HEADERS);
        if (noStream) {
          return 0;
        }
        Thread.sleep(1000);
      }
    }

    private List<String> running(Api api) {
      List<String> out = new ArrayList<>();
      api.get("/containers/json" + (all ? "?all=1" : "")).forEach(c ->
          out.add(c.path("Id").asText().substring(0, 12)));
      return out;
    }

    /** One row as docker's {@code formatter.StatsEntry}, with its calculations. */
    static ObjectNode row(String given, JsonNode s, JsonNode pre, boolean noTrunc) {
      JsonNode cpu = s.path("cpu_stats");
      double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble()
          - pre.path("cpu_usage").path("total_usage").asDouble();
      double sysDelta = cpu.path("system_cpu_usage").asDouble()
          - pre.path("system_cpu_usage").asDouble();
      int online = cpu.path("online_cpus").asInt(cpu.path("cpu_usage").path("percpu_usage")
          .size());
      double cpuPerc = sysDelta > 0 && cpuDelta > 0 ? cpuDelta / sysDelta * online * 100 : 0;
      JsonNode mem = s.path("memory_stats");
      double usage = mem.path("usage").asDouble();
      JsonNode st = mem.path("stats");
      if (st.has("total_inactive_file") && st.path("total_inactive_file").asDouble() < usage) {
        usage -= st.path("total_inactive_file").asDouble();
      } else if (st.has("inactive_file") && st.path("inactive_file").asDouble() < usage) {
        usage -= st.path("inactive_file").asDouble();
      }
      double limit = mem.path("limit").asDouble();
      long rx = 0;
      long tx = 0;
      for (JsonNode n : s.path("networks")) {
        rx += n.path("rx_bytes").asLong();
        tx += n.path("tx_bytes").asLong();
      }
      long read = 0;
      long write = 0;
      for (JsonNode e : s.path("blkio_stats").path("io_service_bytes_recursive")) {
        String op = e.path("op").asText().toLowerCase(java.util.Locale.ROOT);
        if (op.equals("read")) {
          read += e.path("value").asLong();
        } else if (op.equals("write")) {
          write += e.path("value").asLong();
        }
      }
      String id = s.path("id").asText();
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("Container", given);
      r.put("ID", noTrunc || id.length() < 12 ? id : id.substring(0, 12));
      r.put("Name", s.path("name").asText().replaceFirst("^/", ""));
      r.put("CPUPerc", String.format("%.2f%%", cpuPerc));
      r.put("MemUsage", binary(usage) + " / " + binary(limit));
      r.put("MemPerc", String.format("%.2f%%", limit > 0 ? usage / limit * 100 : 0));
      r.put("NetIO", Units.size(rx, 3) + " / " + Units.size(tx, 3));
      r.put("BlockIO", Units.size(read, 3) + " / " + Units.size(write, 3));
      r.put("PIDs", Long.toString(s.path("pids_stats").path("current").asLong()));
      return r;
    }

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    /** go-units {@code BytesSize}: {@code %.4g} of 1024 steps. */
    static String binary(double bytes) {
      int i = 0;
      while (bytes >= 1024 && i < BINARY.length - 1) {
        bytes /= 1024;
        i++;
      }
      return Units.formatG(bytes, 4) + BINARY[i];
    }
  }

  @Command(name = "events", description = "Get real time events from the server")
  static final class Events implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();
    @Option(names = "--format", paramLabel = "string", description = "Format the output using the given Go template")
    String format;
    @Option(names = "--since", paramLabel = "string", description = "Show all events created since timestamp")
    String since;
    @Option(names = "--until", paramLabel = "string", description = "Stream events until this timestamp")
    String until;

    @Override
    public Integer call() throws Exception {
      Api api = BerthCommand.api(spec);
      Query q = Query.path("/events");
      if (since != null) {
        q.add("since", time(since));
      }
      if (until != null) {
        q.add("until", time(until));
      }
      Filters f = Filters.parse(filters);
      String json = f.json();
      if (json != null && !json.equals("{}")) {
        q.add("filters", json);
      }
      Template t = format == null || format.isEmpty() ? null
          : Template.parse(format.equals("json") ? "{{json .}}" : format);
      try (DaemonClient.Streamed s = api.stream("GET", q.toString(), null);
          BufferedReader r = new BufferedReader(new InputStreamReader(s.body(),
              StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode e = Json.MAPPER.readTree(line);
          System.out.println(t != null ? t.execute(e) : line(e));
          System.out.flush();
        }
      }
      return 0;
    }

    /** docker's default: {@code <time> <type> <action> <id> (k=v, ...)}. */
    static String line(JsonNode e) {
      long nanos = e.path("timeNano").asLong();
      Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
      String time = java.time.format.DateTimeFormatter.ofPattern(
          "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(java.time.ZoneId.systemDefault())
          .format(at);
      Map<String, String> attrs = new TreeMap<>();
      e.path("Actor").path("Attributes").properties().forEach(x ->
          attrs.put(x.getKey(), x.getValue().asText()));
      StringBuilder b = new StringBuilder(time).append(' ').append(e.path("Type").asText())
          .append(' ').append(e.path("Action").asText()).append(' ')
          .append(e.path("Actor").path("ID").asText());
      if (!attrs.isEmpty()) {
        List<String> kv = new ArrayList<>();
        attrs.forEach((k, v) -> kv.add(k + "=" + v));
        b.append(" (").append(String.join(", ", kv)).append(')');
      }
      return b.toString();
    }

    /** Unix seconds as they are; a Go duration ({@code 10m}) means that long ago. */
    static String time(String text) {
      if (text == null || text.isEmpty() || text.matches("\\d+(\\.\\d+)?")
          || text.contains("T")) {
        return text;
      }
      long nanos = LimitOptions.nanos(text, "--since");
      return Long.toString(Instant.now().minusNanos(nanos).getEpochSecond());
    }
  }
}
