package io.berth.api.server.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.api.server.Filters;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.engine.ContainerService;
import io.berth.engine.Event;
import io.berth.network.CreateNetwork;
import io.berth.network.IpamPool;
import io.berth.network.NetworkRecord;
import io.berth.network.NetworkService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /networks/...}: list, inspect, create, remove, prune, connect, disconnect. */
public final class NetworkRoutes {
  private static final Set<String> FILTERS = Set.of("name", "id", "label", "driver", "type",
      "scope", "dangling", "until");

  private NetworkRoutes() {}

  public static List<Route> routes(NetworkService svc, ContainerService containers) {
    return List.of(
        Route.get("/networks", ex -> ex.json(200, svc.list().stream()
            .filter(filter(Filters.parse(ex.query("filters")), svc::scope))
            .map(n -> NetworkWire.network(n, Map.of(), svc.scope(n), List.of())).toList())),
        Route.post("/networks/create", ex -> {
          var planned = svc.create(createRequest(body(ex, RequestShapes.NetworkCreateRequest.class,
              "NetworkCreateRequest"), ex.request().version().atLeast(1, 44)));
          NetworkRecord n = planned.network();
          publish(containers, "create", n);
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("Id", n.id());
          out.put("Warning", planned.warning());
          ex.json(201, out);
        }),
        Route.post("/networks/prune", ex -> {
          Predicate<NetworkRecord> select = filter(Filters.parse(ex.query("filters")), svc::scope);
          List<String> deleted = svc.prune(select);
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("NetworksDeleted", deleted);
          ex.json(200, out);
        }),
        Route.get("/networks/{id}", ex -> {
          NetworkRecord n = svc.get(ex.param("id"));
          String scope = ex.query("scope");
          String own = svc.scope(n);
          if (scope != null && !scope.isEmpty() && !scope.equals(own)) {
            // dockerd looks the network up in that scope only
            throw BerthException.notFound("network " + ex.param("id") + " not found");
          }
          ex.json(200, NetworkWire.network(n, svc.containersOf(n.id()), own,
              svc.peers(n.id())));
        }),
        Route.delete("/networks/{id}", ex -> {
          NetworkRecord n = svc.get(ex.param("id"));
          svc.remove(n.id());
          publish(containers, "destroy", n);
          ex.empty(204);
        }),
        Route.post("/networks/{id}/connect", ex -> {
          JsonNode body = body(ex, RequestShapes.NetworkConnect.class, "NetworkConnect");
          String id = containers.inspect(container(body)).container().id();
          NetworkRecord n = svc.get(ex.param("id"));
          if (svc.connect(n.id(), id, NetworkWire.endpoint(body.get("EndpointConfig")))) {
            containers.useEmbeddedDns(id);
          }
          publish(containers, "connect", n, Map.of("container", id));
          ex.empty(200);
        }),
        Route.post("/networks/{id}/disconnect", ex -> {
          JsonNode body = body(ex, RequestShapes.NetworkDisconnect.class, "NetworkDisconnect");
          String id = containers.inspect(container(body)).container().id();
          NetworkRecord n = svc.get(ex.param("id"));
          svc.disconnect(n.id(), id);
          publish(containers, "disconnect", n, Map.of("container", id));
          ex.empty(200);
        }));
  }

  private static void publish(ContainerService containers, String action, NetworkRecord n) {
    publish(containers, action, n, Map.of());
  }

  /** Docker's network event: {@code name}, {@code type}, and {@code container} on (dis)connect. */
  private static void publish(ContainerService containers, String action, NetworkRecord n,
      Map<String, String> extra) {
    Map<String, String> attrs = new java.util.HashMap<>(extra);
    attrs.put("name", n.name());
    attrs.put("type", n.driver());
    containers.events().publish(new Event("network", action, n.id(), attrs, Instant.now()));
  }

  /** The {@code Container} of a connect or disconnect body, a string as Go requires. */
  private static String container(JsonNode body) {
    String c = JsonBody.text(body, "Container", "NetworkConnect");
    return c == null ? "" : c;
  }

  /** The body as a tree, checked against Go's type {@code shape} ({@link RequestShapes}). */
  private static JsonNode body(Exchange ex, Class<?> shape, String root) {
    JsonNode n = JsonBody.tree(ex, root);
    RequestShapes.check(n, shape, root);
    return n == null ? Json.MAPPER.createObjectNode() : n;
  }

  /**
   * The create body. Labels and Options must be objects of strings, as dockerd's JSON decoding
   * demands (a list is a 400).
   */
  private static CreateNetwork createRequest(JsonNode b, boolean api144) {
    List<IpamPool> pools = new ArrayList<>();
    JsonNode cfg = b.path("IPAM").path("Config");
    if (cfg.isArray()) {
      for (JsonNode c : cfg) {
        pools.add(new IpamPool(text(c, "Subnet"), text(c, "IPRange"), text(c, "Gateway"),
            strings(c.get("AuxiliaryAddresses"), "IPAM.Config.AuxiliaryAddresses")));
      }
    } else if (!cfg.isMissingNode() && !cfg.isNull()) {
      throw BerthException.invalid("json: cannot unmarshal " + cfg.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT) + " into Go struct field IPAM.Config"
          + " of type []network.IPAMConfig");
    }
    String root = "NetworkCreateRequest";
    JsonNode check = b.get("CheckDuplicate");
    String driver = JsonBody.text(b, "Driver", root);
    return new CreateNetwork(JsonBody.text(b, "Name", root), driver == null ? "" : driver,
        text(b.path("IPAM"), "Driver"), pools, JsonBody.bool(b, "Internal", root, false),
        JsonBody.bool(b, "Attachable", root, false), JsonBody.bool(b, "Ingress", root, false),
        JsonBody.bool(b, "EnableIPv6", root, false), b.path("Scope").asText(""),
        check == null || check.isNull() ? null : check.asBoolean(), api144,
        strings(b.get("Labels"), "Labels"), strings(b.get("Options"), "Options"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  private static Map<String, String> strings(JsonNode n, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw BerthException.invalid("json: cannot unmarshal " + n.getNodeType().toString()
          .toLowerCase(java.util.Locale.ROOT).replace("string", "string") + " into Go struct"
          + " field NetworkCreateRequest." + field + " of type map[string]string");
    }
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Docker's network filters: name (substring), id (prefix), label, driver, type. */
  static Predicate<NetworkRecord> filter(Map<String, List<String>> filters,
      java.util.function.Function<NetworkRecord, String> scope) {
    for (String k : filters.keySet()) {
      if (!FILTERS.contains(k)) {
        throw BerthException.invalid("Invalid filter '" + k + "'");
      }
    }
    return n -> any(filters.get("name"), v -> n.name().contains(v))
        && any(filters.get("id"), v -> n.id().startsWith(v))
        && any(filters.get("driver"), v -> n.driver().equals(v))
        && any(filters.get("scope"), v -> scope.apply(n).equals(v))
        && any(filters.get("type"), v -> v.equals("custom") != n.predefined())
        && all(filters.get("label"), v -> {
          int eq = v.indexOf('=');
          return eq < 0 ? n.labels().containsKey(v)
              : v.substring(eq + 1).equals(n.labels().get(v.substring(0, eq)));
        });
  }

  private static boolean any(List<String> values, Predicate<String> p) {
    return values == null || values.isEmpty() || values.stream().anyMatch(p);
  }

  private static boolean all(List<String> values, Predicate<String> p) {
    return values == null || values.stream().allMatch(p);
  }
}
