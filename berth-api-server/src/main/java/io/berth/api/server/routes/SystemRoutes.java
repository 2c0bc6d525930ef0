package io.berth.api.server.routes;

import io.berth.api.server.SystemService;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /_ping}, {@code /version}, {@code /info}. */
public final class SystemRoutes {
  private SystemRoutes() {}

  public static List<Route> routes(SystemService system) {
    return List.of(
        Route.get("/_ping", ex -> ping(ex, system)),
        Route.head("/_ping", ex -> ping(ex, system)),
        Route.get("/version", ex -> ex.json(200, system.version())),
        Route.get("/info", ex -> ex.json(200, system.info())));
  }

  /** GET answers {@code OK}; HEAD the same headers with Content-Length 0, as moby does. */
  private static void ping(Exchange ex, SystemService system) {
    ex.header("Builder-Version", "1")
        .header("Swarm", system.swarmStatus())
        .header("Cache-Control", "no-cache, no-store, must-revalidate")
        .header("Pragma", "no-cache");
    byte[] body = ex.request().isHead() ? new byte[0] : "OK".getBytes(StandardCharsets.US_ASCII);
    ex.bytes(200, "text/plain; charset=utf-8", body);
  }
}
