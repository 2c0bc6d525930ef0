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
    List<Route> out = new java.util.ArrayList<>(ping(system::swarmStatus));
    out.add(Route.get("/version", ex -> ex.json(200, system.version())));
    out.add(Route.get("/info", ex -> ex.json(200, system.info())));
    return List.copyOf(out);
  }

  /**
   * {@code GET} and {@code HEAD /_ping} alone, with the Swarm header from {@code swarmStatus}:
   * what a starting daemon answers before its services are up ({@link
   * io.berth.api.server.http.Router#then}).
   */
  public static List<Route> ping(java.util.function.Supplier<String> swarmStatus) {
    return List.of(
        Route.get("/_ping", ex -> ping(ex, swarmStatus.get())),
        Route.head("/_ping", ex -> ping(ex, swarmStatus.get())));
  }

  /** GET answers {@code OK}; HEAD the same headers with Content-Length 0, as moby does. */
  private static void ping(Exchange ex, String swarmStatus) {
    ex.header("Builder-Version", "1")
        .header("Swarm", swarmStatus)
        .header("Cache-Control", "no-cache, no-store, must-revalidate")
        .header("Pragma", "no-cache");
    byte[] body = ex.request().isHead() ? new byte[0] : "OK".getBytes(StandardCharsets.US_ASCII);
    ex.bytes(200, "text/plain; charset=utf-8", body);
  }
}
