package io.berth.engine;

import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.engine.store.StoreJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Containers on disk ({@code <root>/containers/<id>/config.v2.json} + {@code hostconfig.json},
 * each written temp + fsync + rename; see {@link #update} for a change of the state alone) and in memory, with the name index. Every change is
 * written before it becomes visible. {@link #load} reads all containers, once, at start-up.
 */
public final class ContainerStore {
  private static final Logger LOG = Logger.getLogger(ContainerStore.class.getName());

  private final Layout layout;
  private final Map<String, Container> byId = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();

  /** An empty store over {@code layout}; {@link #load} reads what the root holds. */
  public ContainerStore(Layout layout) {
    this.layout = layout;
  }

  public Layout layout() {
    return layout;
  }

  /** Reads every container of the root into memory (start-up); this store. */
  public synchronized ContainerStore load() {
    Path dir = layout.containers();
    if (!Files.isDirectory(dir)) {
      return this;
    }
    try (var list = Files.list(dir)) {
      for (Path d : list.sorted().toList()) {
        String id = d.getFileName().toString();
        try {
          Container c = StoreJson.readContainer(Files.readAllBytes(layout.configFile(id)),
              "config.v2.json of " + id);
          HostConfig h = Files.exists(layout.hostConfigFile(id))
              ? StoreJson.readHostConfig(Files.readAllBytes(layout.hostConfigFile(id)),
                  "hostconfig.json of " + id)
              : HostConfig.defaults();
          byId.put(c.id(), c.withHostConfig(h));
          if (c.status() == ContainerStatus.REMOVING) {
            // removed by a user, clean-up cut off (ContainerRemover): its name may be in use
            // by a newer container already, which keeps it
            names.putIfAbsent(c.name(), c.id());
          } else {
            names.put(c.name(), c.id());
          }
        } catch (IOException | RuntimeException e) {
          // a directory without a readable config is a create that crashed half-way
          LOG.log(Level.WARNING, "skipping container directory " + d + ": " + Messages.of(e));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("list " + dir, e);
    }
    return this;
  }

  /** Claims {@code name} for {@code id}; Docker's 409 text when another container has it. */
  public synchronized void reserveName(String name, String id) {
    String owner = names.get(name);
    if (owner != null && !owner.equals(id)) {
      throw BerthException.conflict("Conflict. The container name \"" + name
          + "\" is already in use by container \"" + owner + "\". You have to remove (or rename)"
          + " that container to be able to reuse that name.");
    }
    names.put(name, id);
  }

  public synchronized void releaseName(String name, String id) {
    names.remove(name, id);
  }

  public synchronized boolean nameTaken(String name) {
    return names.containsKey(name);
  }

  /** Writes a new container's files and makes it visible. */
  public synchronized void add(Container c) {
    persist(c);
    byId.put(c.id(), c);
  }

  /** Applies {@code change} to the current record, writes it, and returns the new one. */
  public synchronized Container update(String id, UnaryOperator<Container> change) {
    Container before = byId.get(id);
    if (before == null) {
      throw BerthException.notFound("No such container: " + id);
    }
    Container after = change.apply(before);
    if (after.status() != before.status()) {
      before.status().checkMove(id, after.status());
    }
    if (after.withState(before.state()).equals(before)) {
      // Only the state moved (running, exited, removing): hostconfig.json is unchanged. An
      // AutoRemove container's record goes at its exit anyway, so its state is renamed into
      // place without fsync (a host crash may leave it empty: start-up skips it, as --rm
      // wanted); any other container's is written durably.
      if (after.hostConfig().autoRemove()) {
        AtomicFiles.replace(layout.configFile(id), StoreJson.write(after));
      } else {
        AtomicFiles.write(layout.configFile(id), StoreJson.write(after));
      }
    } else {
      persist(after);
    }
    byId.put(id, after);
    return after;
  }

  /** Forgets a container and deletes its directory. */
  public synchronized void delete(String id) {
    Container c = byId.remove(id);
    if (c != null) {
      names.remove(c.name(), id);
    }
    deleteTree(layout.dir(id));
  }

  /**
   * Forgets a container in memory (its id, its name) and leaves its directory, whose record
   * says {@code removing}: the clean-up after a removal's answer deletes it, and start-up
   * finishes the removal when a crash cut that off.
   */
  public synchronized void hide(String id) {
    Container c = byId.remove(id);
    if (c != null) {
      names.remove(c.name(), id);
    }
  }

  /**
   * Finds a container as moby does: full ID, then exact name, then unique ID prefix. An
   * ambiguous prefix is 400 {@code multiple IDs found with provided prefix}; none is 404.
   */
  public synchronized Container get(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw BerthException.notFound("No such container: " + ref);
    }
    Container c = byId.get(ref);
    if (c != null) {
      return c;
    }
    String byName = names.get(ref.startsWith("/") ? ref : "/" + ref);
    if (byName != null && byId.containsKey(byName)) {
      return byId.get(byName);
    }
    List<Container> found = byId.values().stream().filter(x -> x.id().startsWith(ref)).toList();
    if (found.size() > 1) {
      throw BerthException.invalid("multiple IDs found with provided prefix: " + ref);
    }
    if (found.isEmpty()) {
      throw BerthException.notFound("No such container: " + ref);
    }
    return found.getFirst();
  }

  public synchronized Optional<Container> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every container, newest first. */
  public synchronized List<Container> all() {
    List<Container> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing((Container x) -> java.time.Instant.parse(x.created())).reversed()
        .thenComparing(Container::id));
    return out;
  }

  /**
   * An AutoRemove container ({@code run --rm}) is written without fsync: nothing of it is meant
   * to outlive its process, which a host crash ends; start-up skips a record left empty.
   */
  private void persist(Container c) {
    if (c.hostConfig().autoRemove()) {
      AtomicFiles.replace(layout.hostConfigFile(c.id()), StoreJson.write(c.hostConfig()));
      AtomicFiles.replace(layout.configFile(c.id()), StoreJson.write(c));
      return;
    }
    AtomicFiles.write(layout.hostConfigFile(c.id()), StoreJson.write(c.hostConfig()));
    AtomicFiles.write(layout.configFile(c.id()), StoreJson.write(c));
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw BerthException.internal("remove " + dir, e);
    }
  }
}
