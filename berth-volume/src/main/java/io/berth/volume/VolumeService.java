package io.berth.volume;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Ids;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The named volumes under {@code <root>/volumes}: create (named or generated), inspect, list,
 * remove (409 while a container references it, unless forced), prune, and mount for a
 * container start. Each volume's record is {@code <name>/volume.json}, written temp + fsync +
 * rename after its directory exists, so a crash mid-create leaves a directory without a record,
 * which loading removes; a volume with a record survives any crash of berthd.
 */
public final class VolumeService {
  private static final Logger LOG = Logger.getLogger(VolumeService.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final String RECORD = "volume.json";
  static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Path dir;
  private final VolumeDriver driver;
  private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
  private volatile Function<String, List<String>> users = name -> List.of();
  private volatile BiConsumer<String, Volume> events = (action, v) -> { };

  /** Loads every volume under {@code volumes} ({@code <root>/volumes}). */
  public VolumeService(Path volumes, VolumeDriver driver) {
    this.dir = volumes;
    this.driver = driver;
    load();
  }

  /** Who references a volume: container ids, for rm's 409 and the dangling filter. */
  public void setUsers(Function<String, List<String>> users) {
    this.users = users;
  }

  /** Receives {@code create}, {@code destroy} and {@code mount} with the volume. */
  public void setEvents(BiConsumer<String, Volume> events) {
    this.events = events;
  }

  /**
   * Creates a volume, or returns the one of that name (as Docker does). A null or empty name
   * generates 64 hex and marks the volume anonymous (moby's volume service does the same, so
   * prune takes it). 400 for an invalid name, driver or option.
   */
  public Volume create(String name, String driverName, Map<String, String> options,
      Map<String, String> labels) {
    String n = name;
    if (n == null || n.isEmpty()) {
      n = Ids.random();
      Map<String, String> l = new HashMap<>(labels == null ? Map.of() : labels);
      l.put(Volume.ANONYMOUS, "");
      labels = l;
    }
    if (!NAME.matcher(n).matches()) {
      throw BerthException.invalid("create " + n + ": \"" + n + "\" includes invalid characters"
          + " for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you"
          + " intended to pass a host directory, use absolute path");
    }
    if (driverName != null && !driverName.isEmpty() && !driverName.equals(driver.name())) {
      throw BerthException.notFound("create " + n + ": error looking up volume plugin "
          + driverName + ": plugin \"" + driverName + "\" not found");
    }
    synchronized (this) {
      Volume existing = volumes.get(n);
      if (existing != null) {
        return existing;
      }
      Map<String, String> opts = options == null ? Map.of() : options;
      Path data = driver.create(n, opts);
      Volume v = new Volume(n, driver.name(), data.toString(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), labels, opts);
      try {
        AtomicFiles.write(data.getParent().resolve(RECORD), JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(v));
      } catch (IOException | RuntimeException e) {
        driver.remove(n);
        throw BerthException.internal("create " + n + ": write metadata: " + Messages.of(e), e);
      }
      volumes.put(n, v);
      events.accept("create", v);
      return v;
    }
  }

  /** 404 {@code get <name>: no such volume}. */
  public Volume get(String name) {
    return find(name).orElseThrow(() -> BerthException.notFound("get " + name
        + ": no such volume"));
  }

  public Optional<Volume> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(volumes.get(name));
  }

  /** Volumes matching {@code dangling}, {@code name}, {@code label}, {@code driver}; by name. */
  public List<Volume> list(Map<String, List<String>> filters) {
    VolumeFilters f = VolumeFilters.list(filters);
    return volumes.values().stream().filter(v -> f.test(v, users.apply(v.name())))
        .sorted(Comparator.comparing(Volume::name)).toList();
  }

  /**
   * Removes a volume and its data. 404 when absent (nothing when {@code force}); 409
   * {@code remove <name>: volume is in use - [<ids>]} while containers reference it, forced or
   * not (Docker's force only ignores absence).
   */
  public void remove(String name, boolean force) {
    synchronized (this) {
      Volume v = volumes.get(name);
      if (v == null) {
        if (force) {
          return;
        }
        throw BerthException.notFound("get " + name + ": no such volume");
      }
      List<String> using = users.apply(name);
      if (!using.isEmpty()) {
        throw BerthException.conflict("remove " + name + ": volume is in use - ["
            + String.join(", ", using) + "]");
      }
      try {
        Files.deleteIfExists(dir.resolve(name).resolve(RECORD));
      } catch (IOException e) {
        throw BerthException.internal("remove " + name + ": " + e, e);
      }
      volumes.remove(name);
      driver.remove(name);
      events.accept("destroy", v);
    }
  }

  /**
   * Removes unused volumes: anonymous ones only unless {@code all} (API 1.42+), narrowed by
   * {@code label}/{@code label!} filters. Returns the names and the bytes freed.
   */
  public PruneResult prune(Map<String, List<String>> filters, boolean all) {
    VolumeFilters f = VolumeFilters.prune(filters);
    List<String> deleted = new ArrayList<>();
    long freed = 0;
    for (Volume v : list(Map.of())) {
      if (!(all || v.anonymous()) || !f.test(v, List.of())) {
        continue;
      }
      long size = FileTree.size(driver.path(v.name()));
      try {
        remove(v.name(), false);
        deleted.add(v.name());
        freed += Math.max(0, size);
      } catch (BerthException.Conflict | BerthException.NotFound e) {
        // in use, or removed meanwhile
      }
    }
    return new PruneResult(deleted, freed);
  }

  /** Prune's {@code all=true} filter: named volumes too (API 1.42+; older APIs always). */
  public static boolean pruneAll(Map<String, List<String>> filters) {
    return VolumeFilters.all(filters);
  }

  /** What prune removed. */
  public record PruneResult(List<String> deleted, long spaceReclaimed) {}

  /**
   * Makes the volume's data available; its host directory. The engine reports Docker's
   * {@code mount} event, which names the container and destination this layer does not know.
   */
  public Path mount(String name) {
    Volume v = get(name);
    return driver.mount(name, v.options());
  }

  /** Bytes in the volume's data directory, for {@code system df}; -1 when unknown. */
  public long size(String name) {
    return FileTree.size(driver.path(name));
  }

  /** The ids of containers that reference it (none = dangling). */
  public List<String> users(String name) {
    return users.apply(name);
  }

  private void load() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw BerthException.internal("load volumes from " + dir + ": " + e, e);
    }
    Map<String, Volume> loaded = new HashMap<>();
    for (Path d : entries) {
      String name = d.getFileName().toString();
      Path record = d.resolve(RECORD);
      if (!Files.isRegularFile(record)) {
        // created up to its directory when berthd died: never existed for any client
        LOG.log(Level.INFO, "removing half-created volume " + name);
        FileTree.delete(d);
        continue;
      }
      try {
        loaded.put(name, JSON.readValue(record.toFile(), Volume.class));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "skipping volume " + name + ": unreadable " + record, e);
      }
    }
    volumes.putAll(loaded);
  }
}
