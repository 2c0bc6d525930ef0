package io.berth.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker image prune}: dangling images (no names, no children) by default, every image
 * with {@code dangling=false}; {@code until} and {@code label} narrow the choice.
 */
public final class ImagePruner {
  private static final Set<String> FILTERS = Set.of("dangling", "until", "label", "label!");

  private final ImageStore store;
  private final ImageRemover remover;
  private final ImageQueries queries;

  public ImagePruner(ImageStore store, ImageRemover remover, ImageQueries queries) {
    this.store = store;
    this.remover = remover;
    this.queries = queries;
  }

  public PruneReport prune(Map<String, List<String>> filters) {
    ImageFilters.check(filters, FILTERS);
    boolean danglingOnly = !Boolean.FALSE.equals(ImageFilters.dangling(filters));
    Instant until = filters.containsKey("until")
        ? ImageFilters.time(filters.get("until").getFirst()) : null;
    Map<String, Long> layerSizes = new HashMap<>();
    store.all().forEach(r -> r.layers()
        .forEach(l -> layerSizes.put(l.chainId().toString(), Math.max(0, l.size()))));
    List<ImageRemover.Deleted> deleted = new ArrayList<>();
    for (ImageRecord r : store.all()) {
      if (store.get(r.id()).isEmpty() || !store.children(r.id()).isEmpty()
          || remover.inUse(r.id())
          || (until != null && ImageFilters.created(r).isAfter(until))
          || !ImageFilters.labels(filters, queries.config(r).runConfig().labels())
          || hasAnyLabel(filters, queries.config(r).runConfig().labels())) {
        continue;
      }
      List<Reference> refs = store.refsOf(r.id());
      if (danglingOnly && !refs.isEmpty()) {
        continue;
      }
      for (Reference ref : refs) {
        remover.untag(ref, r.id(), deleted);
      }
      remover.delete(r.id(), true, deleted);
    }
    long reclaimed = deleted.stream().filter(d -> d.deleted() != null)
        .mapToLong(d -> layerSizes.getOrDefault(d.deleted(), 0L)).sum();
    return new PruneReport(deleted, reclaimed);
  }

  /** {@code label!=key[=value]}: true when the image has one of them (so it is kept). */
  private static boolean hasAnyLabel(Map<String, List<String>> filters, Map<String, String> l) {
    for (String not : filters.getOrDefault("label!", List.of())) {
      if (ImageFilters.labels(Map.of("label", List.of(not)), l)) {
        return true;
      }
    }
    return false;
  }
}
