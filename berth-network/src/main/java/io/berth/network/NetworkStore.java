package io.berth.network;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Networks and containers' networking on disk: {@code <root>/network/networks/<id>.json} and
 * {@code <root>/network/containers/<id>.json}, each written temp + fsync + rename (an
 * AutoRemove container's without the fsyncs, see {@link #save(ContainerNet, boolean)}). The address
 * allocations are the endpoints in the container files: nothing else needs to be kept in step.
 */
final class NetworkStore {
  private static final Logger LOG = Logger.getLogger(NetworkStore.class.getName());
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Path networks;
  private final Path containers;

  NetworkStore(Path root) {
    this.networks = root.resolve("network").resolve("networks");
    this.containers = root.resolve("network").resolve("containers");
  }

  List<NetworkRecord> loadNetworks() {
    return load(networks, NetworkRecord.class);
  }

  List<ContainerNet> loadContainers() {
    return load(containers, ContainerNet.class);
  }

  void save(NetworkRecord n) {
    write(networks.resolve(n.id() + ".json"), n);
  }

  void save(ContainerNet c) {
    save(c, true);
  }

  /**
   * {@code durable} false: renamed into place without fsync (an AutoRemove container's record,
   * which a host crash may leave empty; {@link #loadContainers} skips such a file).
   */
  void save(ContainerNet c, boolean durable) {
    write(containers.resolve(c.containerId() + ".json"), c, durable);
  }

  void deleteNetwork(String id) {
    delete(networks.resolve(id + ".json"));
  }

  void deleteContainer(String id) {
    delete(containers.resolve(id + ".json"));
  }

  private static void write(Path p, Object value) {
    write(p, value, true);
  }

  private static void write(Path p, Object value, boolean durable) {
    try {
      io.berth.common.Phases t = io.berth.common.Phases.start("network store write");
      Files.createDirectories(p.getParent());
      byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
      t.mark("json");
      if (durable) {
        AtomicFiles.write(p, json);
        t.mark("file+fsync");
      } else {
        AtomicFiles.replace(p, json);
        t.mark("file");
      }
      t.done();
    } catch (IOException e) {
      throw BerthException.internal("write " + p, e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw BerthException.internal("delete " + p, e);
    }
  }

  private static <T> List<T> load(Path dir, Class<T> type) {
    List<T> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try {
          out.add(MAPPER.readValue(p.toFile(), type));
        } catch (IOException e) {
          LOG.log(Level.WARNING, "skip unreadable " + p, e);
        }
      }
    } catch (IOException e) {
      throw BerthException.internal("list " + dir, e);
    }
    return out;
  }
}
