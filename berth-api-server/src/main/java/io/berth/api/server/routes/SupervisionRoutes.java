package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.engine.ContainerBackend;
import io.berth.engine.ResourceConfig;
import io.berth.engine.StatsSample;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code pause}, {@code unpause}, {@code update} and {@code stats} of {@code /containers/{id}}.
 * Stats stream one object a second ({@code stream=1}, the default); {@code stream=0} answers
 * once, after two readings so that {@code precpu_stats} is filled (as dockerd), unless
 * {@code one-shot=1}.
 */
public final class SupervisionRoutes {
  private static final long INTERVAL_MS = 1000;

  private SupervisionRoutes() {}

  public static List<Route> routes(ContainerBackend svc) {
    return List.of(
        Route.post("/containers/{id}/pause", ex -> {
          svc.pause(ex.param("id"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/unpause", ex -> {
          svc.unpause(ex.param("id"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/update", ex -> {
          List<String> warnings = svc.update(ex.param("id"),
              JsonBody.value(ex, ResourceConfig.class));
          ex.json(200, Map.of("Warnings", warnings));
        }),
        Route.get("/containers/{id}/stats", ex -> stats(svc, ex)));
  }

  private static void stats(ContainerBackend svc, Exchange ex) throws Exception {
    String id = ex.param("id");
    var view = svc.inspect(id).container();
    boolean stream = ex.queryBool("stream", true);
    boolean oneShot = ex.queryBool("one-shot", false);
    StatsSample pre = svc.stats(id);
    if (!stream && !oneShot && pre.cpuTotal() > 0) {
      Thread.sleep(INTERVAL_MS);
    } else if (!stream) {
      ex.json(200, wire(view.name(), view.id(), pre, StatsSample.empty(Instant.EPOCH)));
      return;
    }
    try (OutputStream out = ex.stream(200, "application/json")) {
      StatsSample prev = stream ? StatsSample.empty(Instant.EPOCH) : pre;
      StatsSample cur = stream ? pre : svc.stats(id);
      while (true) {
        out.write(Json.MAPPER.writeValueAsBytes(wire(view.name(), view.id(), cur, prev)));
        out.write('\n');
        out.flush();
        if (!stream || cur.cpuTotal() == 0 && !svc.inspect(id).container().status()
            .isRunning()) {
          return;
        }
        Thread.sleep(INTERVAL_MS);
        prev = cur;
        cur = svc.stats(id);
      }
    } catch (IOException gone) {
      // the client went away
    } catch (io.berth.common.BerthException.NotFound removed) {
      // the container was removed: the stream ends
    }
  }

  /** Docker's {@code StatsResponse} ({@code api/types/container/stats.go}). */
  static ObjectNode wire(String name, String id, StatsSample s, StatsSample pre) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("read", time(s.read()));
    o.put("preread", time(pre.read()));
    ObjectNode pids = o.putObject("pids_stats");
    if (s.pidsCurrent() > 0) {
      pids.put("current", s.pidsCurrent());
    }
    if (s.pidsLimit() > 0) {
      pids.put("limit", s.pidsLimit());
    }
    ObjectNode blkio = o.putObject("blkio_stats");
    blkio.set("io_service_bytes_recursive", blkio(s.blkioBytes()));
    blkio.set("io_serviced_recursive", blkio(s.blkioOps()));
    for (String k : List.of("io_queue_recursive", "io_service_time_recursive",
        "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
        "sectors_recursive")) {
      blkio.putNull(k);
    }
    o.put("num_procs", 0);
    o.putObject("storage_stats");
    o.set("cpu_stats", cpu(s));
    o.set("precpu_stats", cpu(pre));
    ObjectNode mem = o.putObject("memory_stats");
    if (s.cgroupVersion() != 0) {
      mem.put("usage", s.memoryUsage());
      if (s.cgroupVersion() == 1) {
        mem.put("max_usage", s.memoryMaxUsage());
      }
      ObjectNode stats = mem.putObject("stats");
      s.memoryStats().forEach(stats::put);
      if (s.cgroupVersion() == 1) {
        mem.put("failcnt", s.memoryFailcnt());
      }
      mem.put("limit", s.memoryLimit());
    }
    o.put("name", name);
    o.put("id", id);
    if (!s.networks().isEmpty()) {
      ObjectNode nets = o.putObject("networks");
      s.networks().forEach((n, v) -> {
        ObjectNode i = nets.putObject(n);
        i.put("rx_bytes", v.rxBytes());
        i.put("rx_packets", v.rxPackets());
        i.put("rx_errors", v.rxErrors());
        i.put("rx_dropped", v.rxDropped());
        i.put("tx_bytes", v.txBytes());
        i.put("tx_packets", v.txPackets());
        i.put("tx_errors", v.txErrors());
        i.put("tx_dropped", v.txDropped());
      });
    }
    return o;
  }

  private static ObjectNode cpu(StatsSample s) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    ObjectNode usage = c.putObject("cpu_usage");
    usage.put("total_usage", s.cpuTotal());
    if (!s.perCpu().isEmpty()) {
      ArrayNode per = usage.putArray("percpu_usage");
      s.perCpu().forEach(per::add);
    }
    usage.put("usage_in_kernelmode", s.cpuKernel());
    usage.put("usage_in_usermode", s.cpuUser());
    if (s.systemCpu() > 0) {
      c.put("system_cpu_usage", s.systemCpu());
    }
    if (s.onlineCpus() > 0) {
      c.put("online_cpus", s.onlineCpus());
    }
    ObjectNode t = c.putObject("throttling_data");
    t.put("periods", s.throttlePeriods());
    t.put("throttled_periods", s.throttledPeriods());
    t.put("throttled_time", s.throttledTime());
    return c;
  }

  private static ArrayNode blkio(List<StatsSample.BlkioEntry> entries) {
    if (entries.isEmpty()) {
      return null;
    }
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (StatsSample.BlkioEntry e : entries) {
      a.addObject().put("major", e.major()).put("minor", e.minor()).put("op", e.op())
          .put("value", e.value());
    }
    return a;
  }

  /** RFC 3339 with nanoseconds; Go's zero time for "never". */
  private static String time(Instant t) {
    return t.equals(Instant.EPOCH) ? "0001-01-01T00:00:00Z" : t.toString();
  }
}
