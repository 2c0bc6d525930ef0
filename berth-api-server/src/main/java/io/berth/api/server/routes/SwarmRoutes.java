package io.berth.api.server.routes;

import io.berth.api.server.http.Handler;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * The swarm endpoints ({@code /swarm}, {@code /nodes}, {@code /services}, {@code /tasks},
 * {@code /secrets}, {@code /configs}) answered as dockerd answers them on a node that is not
 * part of a swarm, which berth always is: 503 with dockerd's words. Clients probe them (the CLI,
 * docker-py's tests leave any swarm before each network test), and a 404 reads as "the daemon
 * is too old". {@code swarm init} and {@code join} are 501: berth has no swarm mode.
 */
public final class SwarmRoutes {
  static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm"
      + " init\" or \"docker swarm join\" to connect this node to swarm and try again.";
  static final String NOT_IN_A_SWARM = "This node is not part of a swarm";

  private SwarmRoutes() {}

  public static List<Route> routes() {
    List<Route> out = new ArrayList<>();
    Handler notManager = ex -> {
      throw new BerthException.Unavailable(NOT_A_MANAGER, null);
    };
    Handler unsupported = ex -> {
      throw new BerthException.NotImplemented("swarm mode is not supported by berth");
    };
    out.add(Route.get("/swarm", notManager));
    out.add(Route.get("/swarm/unlockkey", notManager));
    out.add(Route.post("/swarm/unlock", notManager));
    out.add(Route.post("/swarm/update", notManager));
    out.add(Route.post("/swarm/init", unsupported));
    out.add(Route.post("/swarm/join", unsupported));
    out.add(Route.post("/swarm/leave", ex -> {
      throw new BerthException.Unavailable(NOT_IN_A_SWARM, null);
    }));
    out.add(Route.get("/services/{id}/logs", notManager));
    out.add(Route.get("/tasks/{id}/logs", notManager));
    for (String kind : List.of("services", "nodes", "tasks", "secrets", "configs")) {
      out.add(Route.get("/" + kind, notManager));
      out.add(Route.get("/" + kind + "/{id}", notManager));
      if (!kind.equals("tasks")) {
        out.add(Route.delete("/" + kind + "/{id}", notManager));
        out.add(Route.post("/" + kind + "/{id}/update", notManager));
      }
      if (!kind.equals("tasks") && !kind.equals("nodes")) {
        out.add(Route.post("/" + kind + "/create", notManager));
      }
    }
    return List.copyOf(out);
  }
}
