package io.berth.api.server.routes;

import io.berth.api.model.VolumeWire;
import io.berth.api.server.Filters;
import io.berth.api.server.http.Route;
import io.berth.volume.Volume;
import io.berth.volume.VolumeService;
import java.util.List;
import java.util.Map;

/** {@code /volumes/...}: create, list, inspect, remove, prune. */
public final class VolumeRoutes {
  private VolumeRoutes() {}

  public static List<Route> routes(VolumeService svc) {
    return List.of(
        Route.get("/volumes", ex -> ex.json(200, new VolumeWire.ListResponse(
            svc.list(Filters.parse(ex.query("filters"))).stream()
                .map(v -> wire(v, null)).toList(), List.of()))),
        Route.post("/volumes/create", ex -> {
          VolumeWire.CreateRequest r = JsonBody.value(ex, VolumeWire.CreateRequest.class);
          ex.json(201, wire(svc.create(r.name(), r.driver(), r.driverOpts(), r.labels()), null));
        }),
        Route.post("/volumes/prune", ex -> {
          Map<String, List<String>> filters = Filters.parse(ex.query("filters"));
          // API 1.42 made prune leave named volumes alone unless all=true
          boolean all = !ex.request().version().atLeast(1, 42)
              || VolumeService.pruneAll(filters);
          VolumeService.PruneResult r = svc.prune(filters, all);
          // dockerd answers [] (not null) when nothing was pruned, unlike containers and images
          ex.json(200, new VolumeWire.PruneResponse(r.deleted(), r.spaceReclaimed()));
        }),
        Route.get("/volumes/{name}", ex -> ex.json(200, wire(svc.get(ex.param("name")), null))),
        Route.delete("/volumes/{name}", ex -> {
          svc.remove(ex.param("name"), ex.queryBool("force", false));
          ex.empty(204);
        }));
  }

  /** Every volume with its size and reference count, for {@code system df}. */
  public static List<Object> usage(VolumeService svc) {
    return svc.list(Map.of()).stream().map(v -> (Object) wire(v, new VolumeWire.UsageData(
        svc.size(v.name()), svc.users(v.name()).size()))).toList();
  }

  static VolumeWire wire(Volume v, VolumeWire.UsageData usage) {
    return new VolumeWire(v.createdAt(), v.driver(), v.labels(), v.mountpoint(), v.name(),
        v.options(), "local", usage);
  }
}
