package io.berth.api.server.routes;

import io.berth.api.model.ContainerChangeResponseItem;
import io.berth.api.model.ContainerCreateResponse;
import io.berth.api.model.ContainerTopResponse;
import io.berth.api.model.ContainerWaitResponse;
import io.berth.api.model.ContainersPruneResponse;
import io.berth.api.model.Json;
import io.berth.api.server.Filters;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Hijacked;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.engine.AttachOptions;
import io.berth.engine.Attachment;
import io.berth.engine.ContainerBackend;
import io.berth.engine.LogOptions;
import io.berth.engine.WaitResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** {@code /containers/...}: each handler parses, calls one service method, writes the answer. */
public final class ContainerRoutes {
  private ContainerRoutes() {}

  public static List<Route> routes(ContainerBackend svc) {
    return List.of(
        Route.get("/containers/json", ex -> ex.json(200, svc.list(ex.queryBool("all", false),
            intParam(ex, "limit", -1), Filters.parse(ex.query("filters"))).stream()
            .map(v -> ContainerWire.summary(v, Instant.now())).toList())),
        Route.post("/containers/create", ex -> {
          var created = svc.createWithWarnings(ContainerWire.createRequest(ex.query("name"),
              JsonBody.tree(ex, "Config")));
          ex.json(201, new ContainerCreateResponse(created.container().id(),
              created.warnings()));
        }),
        Route.post("/containers/prune", ex -> {
          var pruned = svc.prune(Filters.parse(ex.query("filters")));
          ex.json(200, new ContainersPruneResponse(pruned.deleted().isEmpty() ? null
              : pruned.deleted(), pruned.spaceReclaimed()));
        }),
        Route.get("/containers/{id}/json", ex -> ex.json(200,
            ContainerWire.inspect(svc.inspect(ex.param("id"))))),
        Route.post("/containers/{id}/start", ex -> {
          svc.start(ex.param("id"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/stop", ex -> {
          svc.stop(ex.param("id"), intOrNull(ex, "t"), ex.query("signal"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/restart", ex -> {
          svc.restart(ex.param("id"), intOrNull(ex, "t"), ex.query("signal"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/kill", ex -> {
          svc.kill(ex.param("id"), ex.query("signal"));
          ex.empty(204);
        }),
        Route.post("/containers/{id}/wait", ex -> waitFor(svc, ex)),
        Route.post("/containers/{id}/attach", ex -> attach(svc, ex)),
        Route.post("/containers/{id}/resize", ex -> {
          svc.resize(ex.param("id"), intParam(ex, "h", 0), intParam(ex, "w", 0));
          ex.empty(200);
        }),
        Route.get("/containers/{id}/logs", ex -> logs(svc, ex)),
        Route.get("/containers/{id}/top", ex -> {
          var t = svc.top(ex.param("id"), ex.query("ps_args"));
          ex.json(200, new ContainerTopResponse(t.titles(), t.processes()));
        }),
        Route.get("/containers/{id}/changes", ex -> ex.json(200, svc.changes(ex.param("id"))
            .stream().map(c -> new ContainerChangeResponseItem(c.path(), c.kind().code()))
            .toList())),
        Route.get("/containers/{id}/export", ex -> {
          try (OutputStream out = new LazyStream(() -> ex.stream(200, "application/x-tar"))) {
            svc.export(ex.param("id"), out);
          }
        }),
        Route.post("/containers/{id}/rename", ex -> {
          svc.rename(ex.param("id"), ex.query("name"));
          ex.empty(204);
        }),
        // {id*}: a link is removed by its name, /parent/alias (docker rm --link)
        Route.delete("/containers/{id*}", ex -> {
          if (ex.queryBool("link", false)) {
            svc.removeLink(ex.param("id"));
            ex.empty(204);
            return;
          }
          svc.remove(ex.param("id"), ex.queryBool("force", false), ex.queryBool("v", false));
          ex.empty(204);
        }));
  }

  /**
   * 200 and the headers at once (clients register the wait before they start the container),
   * then one JSON object when the condition is met.
   */
  private static void waitFor(ContainerBackend svc, Exchange ex) throws IOException {
    CompletableFuture<WaitResult> f = svc.waitFor(ex.param("id"), ex.query("condition"));
    try (OutputStream out = ex.stream(200, "application/json")) {
      WaitResult r;
      try {
        r = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        svc.cancelWait(ex.param("id"), f);
        return;
      } catch (ExecutionException e) {
        r = new WaitResult(-1, e.getCause().getMessage());
      }
      out.write(Json.MAPPER.writeValueAsBytes(new ContainerWaitResponse(r.statusCode(),
          r.error() == null ? null : new ContainerWaitResponse.WaitError(r.error()))));
      out.write('\n');
    }
  }

  private static void attach(ContainerBackend svc, Exchange ex) throws IOException {
    String id = ex.param("id");
    AttachOptions o = new AttachOptions(ex.queryBool("stdin", false),
        ex.queryBool("stdout", false), ex.queryBool("stderr", false), ex.queryBool("logs", false),
        ex.queryBool("stream", false));
    Attachment a = svc.attach(id, o).detachKeys(ex.query("detachKeys"));
    Hijacked h = ex.hijack(StdCopy.contentType(a.tty(), ex.request().version()));
    StdCopy sink = new StdCopy(h, a.tty());
    try {
      if (o.logs()) {
        // The log is there at once, and a client that reads the 101 head through a buffered
        // reader and then reads the raw socket (docker-py) loses whatever came with the head:
        // let the head go alone first.
        pause(LOGS_AFTER_HEAD_MS);
        svc.logs(id, new LogOptions(o.stdout(), o.stderr(), false, false, null, null, -1), sink);
      }
      if (o.stream()) {
        a.run(h.input(), sink);
      }
    } finally {
      a.cancel();
      h.closeOutput();
    }
  }

  private static final long LOGS_AFTER_HEAD_MS = 50;

  private static void pause(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("attach interrupted");
    }
  }

  private static void logs(ContainerBackend svc, Exchange ex) throws IOException {
    String id = ex.param("id");
    var c = svc.inspect(id).container();
    boolean tty = c.config().tty();
    if ("none".equals(c.hostConfig().logConfig().type())) {
      // dockerd's 501, before the stream starts
      throw new BerthException.NotImplemented("configured logging driver does not support"
          + " reading");
    }
    String tail = ex.query("tail");
    LogOptions o = new LogOptions(ex.queryBool("stdout", false), ex.queryBool("stderr", false),
        ex.queryBool("follow", false), ex.queryBool("timestamps", false),
        time(ex.query("since")), time(ex.query("until")),
        tail == null || tail.isEmpty() || tail.equals("all") ? -1 : parseInt("tail", tail));
    if (!o.stdout() && !o.stderr()) {
      throw BerthException.invalid("Bad parameters: you must choose at least one stream");
    }
    try (OutputStream out = ex.stream(200, StdCopy.contentType(tty, ex.request().version()))) {
      svc.logs(id, o, new StdCopy(out, tty));
    }
  }

  /** Unix seconds with an optional fraction, or RFC 3339; 0 and absent mean none. */
  static Instant time(String text) {
    if (text == null || text.isEmpty() || text.equals("0")) {
      return null;
    }
    try {
      if (text.matches("\\d+(\\.\\d+)?")) {
        String[] p = text.split("\\.");
        long nanos = p.length > 1 ? Long.parseLong((p[1] + "000000000").substring(0, 9)) : 0;
        return Instant.ofEpochSecond(Long.parseLong(p[0]), nanos);
      }
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw BerthException.invalid("invalid time value: " + text);
    }
  }

  static int intParam(Exchange ex, String name, int fallback) {
    String v = ex.query(name);
    return v == null || v.isEmpty() ? fallback : parseInt(name, v);
  }

  private static Integer intOrNull(Exchange ex, String name) {
    String v = ex.query(name);
    return v == null || v.isEmpty() ? null : parseInt(name, v);
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid value for " + name + ": " + v);
    }
  }
}
