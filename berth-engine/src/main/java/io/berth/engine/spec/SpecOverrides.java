package io.berth.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.HostConfig;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.util.List;

/**
 * What Docker's API (1.39+) and the CRI ask of a spec beyond the generator's fixed defaults,
 * applied to the written {@code config.json}:
 *
 * <ul>
 *   <li>{@code --pid container:<x>}: the PID namespace joins x's.
 *   <li>{@code HostConfig.MaskedPaths} / {@code ReadonlyPaths}: when given (not null), they
 *       replace Docker's default lists, as moby's {@code WithMaskedPaths} does; a privileged
 *       container keeps none (moby ignores them there).
 *   <li>the root's mount propagation, as moby's {@code WithMounts} sets it: {@code rshared} when
 *       a bind mount is {@code shared}/{@code rshared} (else the container's mount namespace is
 *       a slave of the host's and a mount made inside cannot reach the host), {@code rslave}
 *       when one is {@code slave}/{@code rslave}; runc's default otherwise.
 * </ul>
 */
final class SpecOverrides {
  private SpecOverrides() {}

  /** @param pidns the PID namespace to join ({@code --pid container:<x>}), or null */
  static byte[] apply(byte[] configJson, HostConfig h, java.nio.file.Path pidns) {
    Object masked = h.other() == null ? null : h.other().get("MaskedPaths");
    Object readonly = h.other() == null ? null : h.other().get("ReadonlyPaths");
    try {
      ObjectNode spec = (ObjectNode) OciJson.MAPPER.readTree(configJson);
      ObjectNode linux = spec.get("linux") instanceof ObjectNode o ? o : spec.putObject("linux");
      boolean changed = false;
      if (!h.privileged() && masked instanceof List<?> l) {
        linux.set("maskedPaths", OciJson.MAPPER.valueToTree(l));
        changed = true;
      }
      if (!h.privileged() && readonly instanceof List<?> l) {
        linux.set("readonlyPaths", OciJson.MAPPER.valueToTree(l));
        changed = true;
      }
      if (pidns != null && linux.path("namespaces") instanceof ArrayNode nss) {
        for (JsonNode ns : nss) {
          if (ns.path("type").asText().equals("pid") && ns instanceof ObjectNode o) {
            o.put("path", pidns.toString());
            changed = true;
          }
        }
      }
      String root = rootPropagation(spec.path("mounts"));
      if (root != null) {
        linux.put("rootfsPropagation", root);
        changed = true;
      }
      return changed ? OciJson.MAPPER.writeValueAsBytes(spec) : configJson;
    } catch (IOException e) {
      throw new IllegalStateException("rewrite config.json", e);
    }
  }

  /** rshared, rslave or null, from the bind mounts' propagation options. */
  static String rootPropagation(JsonNode mounts) {
    boolean slave = false;
    for (JsonNode m : mounts) {
      if (!(m.path("options") instanceof ArrayNode opts)) {
        continue;
      }
      for (JsonNode o : opts) {
        switch (o.asText()) {
          case "shared", "rshared" -> {
            return "rshared";
          }
          case "slave", "rslave" -> slave = true;
          default -> { }
        }
      }
    }
    return slave ? "rslave" : null;
  }
}
