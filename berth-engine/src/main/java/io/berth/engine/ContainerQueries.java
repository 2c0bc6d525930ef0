package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.image.ImageService;
import io.berth.network.ContainerNetworking;
import java.util.List;
import java.util.Map;

/** {@code ps}, {@code inspect} and {@code top}: reads only. */
final class ContainerQueries {
  private final ContainerStore store;
  private final ImageService images;
  private final ExecService execs;
  private final ProcessLister ps;
  private final ContainerNetworking networks;

  ContainerQueries(ContainerStore store, ImageService images, ExecService execs,
      ProcessLister ps, ContainerNetworking networks) {
    this.store = store;
    this.images = images;
    this.execs = execs;
    this.ps = ps;
    this.networks = networks;
  }

  /**
   * Containers newest first; only running ones unless {@code all}; {@code limit} &gt; 0 keeps
   * the newest {@code limit} (and implies all, as in moby).
   */
  List<ContainerView> list(boolean all, int limit, Map<String, List<String>> filters) {
    var match = ContainerFilters.list(filters, store, images);
    boolean any = all || limit > 0 || filters.containsKey("status")
        || filters.containsKey("exited");
    var stream = store.all().stream()
        .filter(c -> any || c.status().isRunning())
        .filter(match)
        .map(this::view);
    return limit > 0 ? stream.limit(limit).toList() : stream.toList();
  }

  ContainerView inspect(String ref) {
    return view(store.get(ref));
  }

  ProcessLister.Table top(String ref, String psArgs) {
    Container c = store.get(ref);
    if (!c.status().isRunning() || c.state().pid() <= 0) {
      throw BerthException.conflict("Container " + c.id() + " is not running");
    }
    return ps.list(c.state().pid(), psArgs);
  }

  private ContainerView view(Container c) {
    return new ContainerView(c, execs.idsOf(c.id()), networks.view(c.id()).orElse(null));
  }
}
