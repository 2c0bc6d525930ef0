package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.ContentStore;
import io.berth.oci.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only views: list (with Docker's filters), inspect, history and disk usage. */
public final class ImageQueries {
  private static final Set<String> LIST_FILTERS =
      Set.of("dangling", "label", "before", "since", "reference", "until");

  private final ContentStore content;
  private final ImageStore store;
  private final ImageLookup lookup;

  public ImageQueries(ContentStore content, ImageStore store, ImageLookup lookup) {
    this.content = content;
    this.store = store;
    this.lookup = lookup;
  }

  public ImageView inspect(String name) {
    return view(lookup.find(name), List.of());
  }

  /** moby's {@code Images}: newest first; {@code all} includes untagged parents. */
  public List<ImageView> list(boolean all, Map<String, List<String>> filters) {
    ImageFilters.check(filters, LIST_FILTERS);
    Boolean dangling = ImageFilters.dangling(filters);
    Instant before = filters.containsKey("before") ? created(filters.get("before")) : null;
    Instant since = filters.containsKey("since") ? created(filters.get("since")) : null;
    Instant until = filters.containsKey("until")
        ? ImageFilters.time(filters.get("until").getFirst()) : null;
    List<String> patterns = filters.getOrDefault("reference", List.of());
    List<ImageView> out = new ArrayList<>();
    for (ImageRecord r : store.all()) {
      Instant t = ImageFilters.created(r);
      if ((before != null && !t.isBefore(before)) || (since != null && !t.isAfter(since))
          || (until != null && t.isAfter(until))) {
        continue;
      }
      ImageView v = view(r, patterns);
      if (!ImageFilters.labels(filters, v.config().runConfig().labels())) {
        continue;
      }
      boolean named = !v.repoTags().isEmpty() || !v.repoDigests().isEmpty();
      if (!named) {
        if (!patterns.isEmpty() || Boolean.FALSE.equals(dangling)
            || (!all && !store.children(r.id()).isEmpty())) {
          continue;
        }
      } else if (Boolean.TRUE.equals(dangling)) {
        continue;
      }
      out.add(v);
    }
    out.sort(Comparator.comparing((ImageView v) -> ImageFilters.created(v.record())).reversed());
    return out;
  }

  private Instant created(List<String> names) {
    return ImageFilters.created(lookup.find(names.getFirst()));
  }

  /** {@code docker history}: newest step first; the top step carries the image ID and tags. */
  public List<HistoryEntry> history(String name) {
    ImageRecord top = lookup.find(name);
    List<HistoryEntry> out = new ArrayList<>();
    int layer = 0;
    for (ImageConfig.History h : config(top).historyOrEmpty()) {
      long size = 0;
      if (!h.isEmptyLayer()) {
        if (layer >= top.layers().size()) {
          throw BerthException.invalid("too many non-empty layers in History section");
        }
        size = Math.max(0, top.layers().get(layer++).size());
      }
      long created = h.created() == null ? 0 : ImageFilters.time(h.created()).getEpochSecond();
      out.addFirst(new HistoryEntry("<missing>", created, h.createdBy() == null ? ""
          : h.createdBy(), null, size, h.comment() == null ? "" : h.comment()));
    }
    ImageRecord image = top;
    for (int i = 0; i < out.size() && image != null; i++) {
      HistoryEntry e = out.get(i);
      List<String> tags = store.refsOf(image.id()).stream().filter(r -> r.tag() != null)
          .map(Reference::familiar).toList();
      out.set(i, new HistoryEntry(image.id().toString(), e.created(), e.createdBy(),
          tags.isEmpty() ? null : tags, e.size(), e.comment()));
      image = image.parent() == null ? null : store.get(image.parent()).orElse(null);
    }
    return out;
  }

  /** Unique layer bytes, and per image the bytes it shares with others. */
  public DiskUsage diskUsage() {
    Map<Digest, Integer> users = new HashMap<>();
    Map<Digest, Long> sizes = new HashMap<>();
    for (ImageRecord r : store.all()) {
      for (ImageRecord.Layer l : r.layers()) {
        users.merge(l.chainId(), 1, Integer::sum);
        sizes.put(l.chainId(), Math.max(0, l.size()));
      }
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    List<DiskUsage.Entry> entries = new ArrayList<>();
    for (ImageView v : list(true, Map.of())) {
      long shared = v.record().layers().stream().filter(l -> users.get(l.chainId()) > 1)
          .mapToLong(l -> Math.max(0, l.size())).sum();
      entries.add(new DiskUsage.Entry(v, shared));
    }
    return new DiskUsage(total, entries);
  }

  ImageView view(ImageRecord r, List<String> patterns) {
    List<String> tags = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    for (Reference ref : store.refsOf(r.id())) {
      if (!patterns.isEmpty() && patterns.stream().noneMatch(p ->
          ImageFilters.glob(p, ref.familiar()) || ImageFilters.glob(p, ref.familiarName()))) {
        continue;
      }
      (ref.digest() != null ? digests : tags).add(ref.familiar());
    }
    return new ImageView(r, config(r), tags, digests);
  }

  /** The stored config of an image, parsed. */
  public ImageConfig config(ImageRecord r) {
    return ImageConfig.parse(configBytes(r.id()));
  }

  /** The config blob exactly as stored. */
  public byte[] configBytes(Digest id) {
    try (InputStream in = content.open(id)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw BerthException.internal("read config " + id, e);
    }
  }
}
