package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Handler;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.network.swarm.SwarmInit;
import io.berth.network.swarm.SwarmService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm endpoints. {@code swarm init}, {@code GET /swarm} and {@code swarm leave} run berth's
 * single-node swarm ({@link SwarmService}: a swarm for networks, ADR 0115). The others
 * ({@code /nodes}, {@code /services}, {@code /tasks}, {@code /secrets}, {@code /configs}, unlock,
 * update) answer as dockerd answers on a node that is not a manager: 503 with dockerd's words.
 * Clients probe them (the CLI, docker-py's tests leave any swarm before each network test), and
 * a 404 reads as "the daemon is too old". {@code swarm join} is 501: no other node exists.
 */
public final class SwarmRoutes {
  static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm"
      + " init\" or \"docker swarm join\" to connect this node to swarm and try again.";
  static final String ALREADY_IN_A_SWARM = "This node is already part of a swarm. Use \"docker"
      + " swarm leave\" to leave this swarm and join another one.";

  private SwarmRoutes() {}

  public static List<Route> routes(SwarmService swarm) {
    List<Route> out = new ArrayList<>();
    Handler notManager = ex -> {
      throw new BerthException.Unavailable(NOT_A_MANAGER, null);
    };
    Handler unsupported = ex -> {
      throw new BerthException.NotImplemented("swarm mode is not supported by berth");
    };
    out.add(Route.get("/swarm", ex -> ex.json(200, SwarmWire.swarm(swarm.state()
        .orElseThrow(() -> new BerthException.Unavailable(NOT_A_MANAGER, null))))));
    out.add(Route.get("/swarm/unlockkey", notManager));
    out.add(Route.post("/swarm/unlock", notManager));
    out.add(Route.post("/swarm/update", notManager));
    out.add(Route.post("/swarm/init", ex -> ex.json(200, swarm.init(init(ex)))));
    out.add(Route.post("/swarm/join", ex -> {
      if (swarm.active()) {
        throw new BerthException.Unavailable(ALREADY_IN_A_SWARM, null);
      }
      unsupported.handle(ex);
    }));
    out.add(Route.post("/swarm/leave", ex -> {
      swarm.leave(ex.queryBool("force", false));
      ex.empty(200);
    }));
    // the one node, which `docker swarm init` reads to print the join command
    out.add(Route.get("/nodes", ex -> ex.json(200, List.of(SwarmWire.node(swarm.state()
        .orElseThrow(() -> new BerthException.Unavailable(NOT_A_MANAGER, null)))))));
    out.add(Route.get("/nodes/{id}", ex -> {
      var s = swarm.state().orElseThrow(() -> new BerthException.Unavailable(NOT_A_MANAGER,
          null));
      if (!SwarmWire.names(s, ex.param("id"))) {
        throw BerthException.notFound("node " + ex.param("id") + " not found");
      }
      ex.json(200, SwarmWire.node(s));
    }));
    out.add(Route.get("/services/{id}/logs", notManager));
    out.add(Route.get("/tasks/{id}/logs", notManager));
    for (String kind : List.of("services", "nodes", "tasks", "secrets", "configs")) {
      if (!kind.equals("nodes")) {
        out.add(Route.get("/" + kind, notManager));
        out.add(Route.get("/" + kind + "/{id}", notManager));
      }
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

  /** {@code POST /swarm/init}'s body (SwarmInitRequest), typed as dockerd decodes it. */
  private static SwarmInit init(Exchange ex) {
    String root = "InitRequest";
    JsonNode b = JsonBody.tree(ex, root);
    if (b == null || b.isNull()) {
      b = io.berth.api.model.Json.MAPPER.createObjectNode();
    }
    if (!b.isObject()) {
      throw BerthException.invalid("json: cannot unmarshal " + b.getNodeType().name()
          .toLowerCase(java.util.Locale.ROOT) + " into Go value of type swarm.InitRequest");
    }
    JsonBody.convert(b, RequestShapes.SwarmInitRequest.class, root); // Go's types
    List<String> pools = new ArrayList<>();
    JsonNode p = b.get("DefaultAddrPool");
    if (p != null && p.isArray()) {
      p.forEach(v -> pools.add(v.asText()));
    } else if (p != null && !p.isNull()) {
      throw BerthException.invalid("json: cannot unmarshal " + p.getNodeType().name()
          .toLowerCase(java.util.Locale.ROOT) + " into Go struct field InitRequest"
          + ".DefaultAddrPool of type []string");
    }
    JsonNode spec = b.path("Spec");
    Map<String, String> labels = new LinkedHashMap<>();
    if (spec.path("Labels").isObject()) {
      spec.path("Labels").properties().forEach(e -> labels.put(e.getKey(),
          e.getValue().asText()));
    }
    return new SwarmInit(JsonBody.text(b, "ListenAddr", root),
        JsonBody.text(b, "AdvertiseAddr", root), JsonBody.text(b, "DataPathAddr", root),
        b.path("DataPathPort").asInt(0), pools, b.path("SubnetSize").asInt(0),
        spec.path("Name").asText(""), labels);
  }
}
