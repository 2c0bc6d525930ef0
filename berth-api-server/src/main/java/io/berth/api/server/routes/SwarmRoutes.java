package io.berth.api.server.routes;

import io.berth.api.server.http.Handler;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * The swarm endpoints ({@code /swarm}, {@code /nodes}, {@code /services}, {@code /tasks},
 * {@code /secrets}, {@code /configs}) answered as a dockerd that is not in a swarm answers them:
 * 503 with its messages. Clients probe them: docker-py's network tests leave a swarm before
 * each test and accept the 503. berth has no swarm mode, so init and join are refused the same
 * way.
 */
public final class SwarmRoutes {
  static final String NOT_MANAGER = "This node is not a swarm manager. Use \"docker swarm"
      + " init\" or \"docker swarm join\" to connect this node to swarm and try again.";
  static final String NOT_IN_SWARM = "This node is not part of a swarm";

  private SwarmRoutes() {}

  public static List<Route> routes() {
    Handler notManager = ex -> {
      throw new BerthException.Unavailable(NOT_MANAGER, null);
    };
    List<Route> out = new ArrayList<>();
    out.add(Route.get("/swarm", notManager));
    out.add(Route.get("/swarm/unlockkey", notManager));
    out.add(Route.post("/swarm/update", notManager));
    out.add(Route.post("/swarm/unlock", notManager));
    out.add(Route.post("/swarm/leave", ex -> {
      throw new BerthException.Unavailable(NOT_IN_SWARM, null);
    }));
    Handler noSwarmMode = ex -> {
      throw new BerthException.Unavailable("berth does not support swarm mode", null);
    };
    out.add(Route.post("/swarm/init", noSwarmMode));
    out.add(Route.post("/swarm/join", noSwarmMode));
    for (String r : List.of("nodes", "services", "tasks", "secrets", "configs")) {
      out.add(Route.get("/" + r, notManager));
      out.add(Route.get("/" + r + "/{id}", notManager));
      out.add(Route.delete("/" + r + "/{id}", notManager));
      out.add(Route.post("/" + r + "/{id}/update", notManager));
      if (!r.equals("nodes") && !r.equals("tasks")) {
        out.add(Route.post("/" + r + "/create", notManager));
      }
    }
    out.add(Route.get("/services/{id}/logs", notManager));
    out.add(Route.get("/tasks/{id}/logs", notManager));
    return List.copyOf(out);
  }
}
