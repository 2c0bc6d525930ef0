package io.berth.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pod network: the first CNI configuration in the conf dir (name order, as kubelet's
 * runtimes pick it), {@code .conflist}, or a single-plugin {@code .conf}/{@code .json} made a
 * list of one.
 *
 * @param list the network configuration list: {@code cniVersion}, {@code name}, {@code plugins}
 */
record CniNetwork(ObjectNode list) {
  static final ObjectMapper JSON = new ObjectMapper();

  String name() {
    return list.path("name").asText();
  }

  String cniVersion() {
    return list.path("cniVersion").asText("0.4.0");
  }

  List<ObjectNode> plugins() {
    return Stream.of(list.withArray("plugins")).flatMap(a -> {
      java.util.List<ObjectNode> out = new java.util.ArrayList<>();
      a.forEach(n -> out.add((ObjectNode) n));
      return out.stream();
    }).toList();
  }

  /** The first configuration in {@code dir}; Unavailable when there is none (no pod network). */
  static CniNetwork load(Path dir) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".conflist") || p.toString().endsWith(".conf")
          || p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new BerthException.Unavailable("cni config uninitialized: cannot read " + dir + ": "
          + Messages.of(e), e);
    }
    for (Path f : files) {
      JsonNode n;
      try {
        n = JSON.readTree(Files.readString(f));
      } catch (IOException e) {
        continue; // as libcni: a file that does not parse is passed over
      }
      if (!(n instanceof ObjectNode o)) {
        continue;
      }
      if (o.has("plugins")) {
        return new CniNetwork(o);
      }
      if (o.has("type")) {
        ObjectNode list = JSON.createObjectNode();
        list.put("cniVersion", o.path("cniVersion").asText("0.4.0"));
        list.put("name", o.path("name").asText());
        ArrayNode plugins = list.putArray("plugins");
        plugins.add(o);
        return new CniNetwork(list);
      }
    }
    throw new BerthException.Unavailable("cni config uninitialized: no network config in " + dir, null);
  }
}
