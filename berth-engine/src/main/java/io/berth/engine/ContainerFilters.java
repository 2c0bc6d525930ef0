package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.image.ImageService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /containers/json?filters=} and {@code container prune} filters, as moby's
 * {@code daemon/list.go}: values of one key are alternatives (OR), keys combine with AND.
 * Unknown keys are 400 {@code Invalid filter 'x'}.
 */
final class ContainerFilters {
  static final Set<String> LIST = Set.of("id", "name", "label", "label!", "status", "ancestor",
      "before", "since", "exited", "health", "is-task", "isolation", "volume", "network",
      "publish", "expose");
  static final Set<String> PRUNE = Set.of("until", "label", "label!");
  private static final Set<String> STATUSES = Set.of("created", "running", "paused",
      "restarting", "removing", "exited", "dead");

  private ContainerFilters() {}

  static void check(Map<String, List<String>> filters, Set<String> allowed) {
    for (String k : filters.keySet()) {
      if (!allowed.contains(k)) {
        throw BerthException.invalid("Invalid filter '" + k + "'");
      }
    }
  }

  static Predicate<Container> list(Map<String, List<String>> f, ContainerStore store,
      ImageService images) {
    check(f, LIST);
    Predicate<Container> p = c -> true;
    for (var e : f.entrySet()) {
      List<String> v = e.getValue();
      if (v.isEmpty()) {
        continue;
      }
      p = p.and(switch (e.getKey()) {
        case "id" -> c -> v.stream().anyMatch(x -> c.id().startsWith(x));
        case "name" -> name(v);
        case "label" -> c -> v.stream().allMatch(x -> label(c, x));
        case "label!" -> c -> v.stream().noneMatch(x -> label(c, x));
        case "status" -> status(v);
        case "ancestor" -> ancestor(v, images);
        case "before" -> created(v, store, true);
        case "since" -> created(v, store, false);
        case "exited" -> c -> c.status() == ContainerStatus.EXITED
            && v.stream().anyMatch(x -> x.equals(Integer.toString(c.state().exitCode())));
        case "health" -> c -> v.contains(c.state().health() == null ? "none"
            : c.state().health().status());
        case "is-task" -> c -> v.contains("false");
        case "isolation" -> c -> v.contains("default") || v.contains("");
        case "volume" -> c -> MountPlanner.mounts(c).stream().anyMatch(m -> v.contains(
            m.destination()) || v.contains(m.name() != null ? m.name() : m.source()));
        default -> throw new BerthException.NotImplemented("filter '" + e.getKey()
            + "' is not supported by berth yet");
      });
    }
    return p;
  }

  static Predicate<Container> prune(Map<String, List<String>> f) {
    check(f, PRUNE);
    Predicate<Container> p = c -> true;
    for (String u : f.getOrDefault("until", List.of())) {
      Instant until = until(u);
      p = p.and(c -> Instant.parse(c.created()).isBefore(until));
    }
    for (String l : f.getOrDefault("label", List.of())) {
      p = p.and(c -> label(c, l));
    }
    for (String l : f.getOrDefault("label!", List.of())) {
      p = p.and(c -> !label(c, l));
    }
    return p;
  }

  static boolean label(Container c, String filter) {
    Map<String, String> labels = c.config().labelsOrEmpty();
    int eq = filter.indexOf('=');
    if (eq < 0) {
      return labels.containsKey(filter);
    }
    return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
  }

  /** moby matches the pattern against the name with and without its slash. */
  private static Predicate<Container> name(List<String> v) {
    List<Pattern> patterns;
    try {
      patterns = v.stream().map(Pattern::compile).toList();
    } catch (java.util.regex.PatternSyntaxException e) {
      throw BerthException.invalid("invalid name filter: " + Messages.of(e));
    }
    return c -> patterns.stream().anyMatch(x -> x.matcher(c.name()).find()
        || x.matcher(c.name().substring(1)).find());
  }

  private static Predicate<Container> status(List<String> v) {
    for (String s : v) {
      if (!STATUSES.contains(s)) {
        throw BerthException.invalid("Invalid filter 'status=" + s + "'");
      }
    }
    return c -> v.contains(c.status().wire());
  }

  private static Predicate<Container> ancestor(List<String> v, ImageService images) {
    Set<String> ids = new java.util.HashSet<>();
    for (String ref : v) {
      try {
        ids.add(images.inspect(ref).record().id().toString());
      } catch (BerthException.NotFound e) {
        ids.add(ref); // an image deleted since: match containers that name it
      }
    }
    return c -> ids.contains(c.image()) || ids.contains(c.config().image());
  }

  private static Predicate<Container> created(List<String> v, ContainerStore store,
      boolean before) {
    Instant mark = Instant.parse(store.get(v.getFirst()).created());
    return c -> before ? Instant.parse(c.created()).isBefore(mark)
        : Instant.parse(c.created()).isAfter(mark);
  }

  /** {@code until}: unix seconds (with fraction), a Go duration before now, or RFC 3339. */
  static Instant until(String text) {
    try {
      if (text.matches("\\d+(\\.\\d+)?")) {
        double secs = Double.parseDouble(text);
        return Instant.ofEpochSecond((long) secs, (long) ((secs % 1) * 1e9));
      }
      if (text.matches("(\\d+(\\.\\d+)?(h|m|s))+")) { // dockerd's timetypes: "24h", "1h30m"
        return Instant.now().minus(java.time.Duration.parse("PT"
            + text.toUpperCase(java.util.Locale.ROOT)));
      }
      return Instant.parse(text);
    } catch (RuntimeException e) {
      throw BerthException.invalid("invalid until filter: " + text);
    }
  }
}
