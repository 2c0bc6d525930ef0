package io.berth.api.server.routes;

import io.berth.api.model.ExecCreateRequest;
import io.berth.api.model.ExecStartRequest;
import io.berth.api.model.IdResponse;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Hijacked;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.common.StdStream;
import io.berth.engine.Attachment;
import io.berth.engine.ExecConfig;
import io.berth.engine.ExecService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code POST /containers/{id}/exec} and {@code /exec/{id}/...}. */
public final class ExecRoutes {
  private static final String DETACHED =
      "exec attach failed: error on attach stdin: read escape sequence\r\n";

  private ExecRoutes() {}

  public static List<Route> routes(ExecService execs) {
    return List.of(
        Route.post("/containers/{id}/exec", ex -> {
          ExecCreateRequest r = body(ex, ExecCreateRequest.class);
          ex.json(201, new IdResponse(execs.create(ex.param("id"), new ExecConfig(r.cmd(),
              r.env(), r.user(), r.workingDir(), r.tty(), r.attachStdin(), r.attachStdout(),
              r.attachStderr(), r.privileged(), r.detachKeys(), r.consoleSize()))));
        }),
        Route.post("/exec/{id}/start", ex -> start(execs, ex)),
        Route.post("/exec/{id}/resize", ex -> {
          execs.resize(ex.param("id"), ContainerRoutes.intParam(ex, "h", 0),
              ContainerRoutes.intParam(ex, "w", 0));
          ex.empty(200);
        }),
        Route.get("/exec/{id}/json", ex -> ex.json(200,
            ContainerWire.exec(execs.inspect(ex.param("id"))))));
  }

  private static void start(ExecService execs, Exchange ex) throws IOException {
    ExecStartRequest r = body(ex, ExecStartRequest.class);
    String id = ex.param("id");
    execs.inspect(id); // 404 before anything else
    // As moby: the start request's Tty decides the framing, not the exec's (docker-py starts a
    // tty exec with Tty false unless told, and reads frames).
    boolean tty = r.tty();
    if (r.detach()) {
      execs.start(id, true);
      ex.empty(200);
      return;
    }
    // As moby: take the connection over first, then start the process. Clients such as
    // docker-py read the 101 head through a buffered reader and then read the raw socket; output
    // sent together with the head would be swallowed by that buffer.
    Hijacked h = ex.hijack(StdCopy.contentType(tty, ex.request().version()));
    try {
      Attachment a;
      try {
        a = execs.start(id, false);
      } catch (BerthException e) {
        // on the stream, as stdout (moby writes the error to the hijacked connection)
        new StdCopy(h.output(), tty).write(StdStream.STDOUT,
            (e.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
        return;
      }
      StdCopy out = new StdCopy(h, tty);
      a.run(h.input(), out);
      if (a.detached()) {
        // what dockerd 20.10 tells a client that left with its detach keys
        out.write(StdStream.STDOUT, DETACHED.getBytes(StandardCharsets.UTF_8));
      }
    } finally {
      h.closeOutput();
    }
  }

  private static <T> T body(Exchange ex, Class<T> type) {
    return JsonBody.value(ex, type);
  }
}
