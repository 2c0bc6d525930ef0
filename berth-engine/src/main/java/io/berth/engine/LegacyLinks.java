package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.network.ContainerNetworkView;
import io.berth.network.ContainerNetworking;
import io.berth.network.Links;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Legacy {@code --link name:alias} on the default bridge, as dockerd does it
 * (libnetwork/links, daemon/container_operations_unix.go): the linked container in
 * {@code /etc/hosts} under its alias, hostname and name, and the {@code ALIAS_PORT_…},
 * {@code ALIAS_NAME} and {@code ALIAS_ENV_…} environment. On a user network the CLI sends the
 * links as the endpoint's Links too, and they are container-scoped DNS aliases there (the
 * network's embedded DNS); HostConfig.Links then add nothing.
 */
final class LegacyLinks {
  private LegacyLinks() {}

  /** What a starting container gets from its links. */
  record Resolved(List<String> hostsLines, List<String> env) {
    static final Resolved NONE = new Resolved(List.of(), List.of());
  }

  /**
   * At create: HostConfig.Links as dockerd keeps them ({@code /web:/me/alias}); each linked
   * container must exist.
   *
   * @throws BerthException.InvalidArgument {@code could not get container for x: ...}
   */
  static HostConfig normalize(HostConfig host, String containerName, ContainerStore store) {
    if (host.links() == null || host.links().isEmpty()) {
      return host;
    }
    List<String> out = new ArrayList<>();
    for (String raw : host.links()) {
      Links l = Links.parse(raw);
      Container child;
      try {
        child = store.get(l.name());
      } catch (BerthException.NotFound e) {
        // 400, not 404: a 404 would make the CLI try to pull the image
        throw BerthException.invalid("could not get container for " + l.name() + ": "
            + Messages.of(e));
      }
      out.add(child.name() + ":" + containerName + "/" + l.alias());
    }
    return host.toBuilder().links(out).build();
  }

  /**
   * At start, for a container on the default bridge: each linked container must run there.
   *
   * @throws BerthException.Conflict {@code Cannot link to a non running container: …}
   */
  static Resolved resolve(Container c, ContainerStore store, ContainerNetworking networks) {
    List<String> links = c.hostConfig().links();
    String mode = c.hostConfig().networkMode();
    if (links == null || links.isEmpty() || !(mode.equals("bridge") || mode.equals("default"))) {
      return Resolved.NONE;
    }
    List<String> hosts = new ArrayList<>();
    List<String> env = new ArrayList<>();
    for (String raw : links) {
      Links l = Links.parse(raw);
      Container child = store.find(l.name()).orElse(null);
      if (child == null) {
        child = store.get(l.name());
      }
      ContainerNetworkView.EndpointView ep = networks.view(child.id())
          .map(ContainerNetworkView::primary).orElse(null);
      if (!child.status().isRunning() || ep == null || ep.ip().isEmpty()) {
        throw BerthException.conflict("Cannot link to a non running container: "
            + child.name() + " AS " + c.name() + "/" + l.alias());
      }
      Set<String> names = new LinkedHashSet<>(List.of(l.alias(), child.config().hostname(),
          child.name().substring(1)));
      hosts.add(ep.ip() + "\t" + String.join(" ", names));
      env.addAll(environment(l.alias(), c.name() + "/" + l.alias(), ep.ip(),
          child.config().exposedPorts(), child.config().envOrEmpty()));
    }
    return new Resolved(hosts, env);
  }

  /** Drops the link named {@code /parent/alias} from the parent's HostConfig.Links. */
  static void remove(ContainerStore store, String parentId, String linkName) {
    store.update(parentId, c -> {
      List<String> links = c.hostConfig().links() == null ? List.of() : c.hostConfig().links();
      List<String> kept = links.stream().filter(l -> {
        int colon = l.indexOf(':');
        return colon < 0 || !l.substring(colon + 1).equals(linkName);
      }).toList();
      if (kept.size() == links.size()) {
        return c;
      }
      // no links left: null, as dockerd's inspect shows it (it lists the link index)
      return c.withHostConfig(c.hostConfig().toBuilder().links(kept.isEmpty() ? null : kept)
          .build());
    });
  }

  /** The links' variables, then the container's own; its own win over a link's of a name. */
  static List<String> merge(List<String> links, List<String> own) {
    Set<String> keys = new java.util.HashSet<>();
    own.forEach(e -> keys.add(e.split("=", 2)[0]));
    List<String> out = new ArrayList<>();
    links.stream().filter(e -> !keys.contains(e.split("=", 2)[0])).forEach(out::add);
    out.addAll(own);
    return out;
  }

  /** libnetwork/links.Link.ToEnv: the variables one link gives. Pure. */
  static List<String> environment(String alias, String fullName, String ip,
      Map<String, Object> exposed, List<String> childEnv) {
    String p = alias.toUpperCase(Locale.ROOT).replace('-', '_');
    List<String> out = new ArrayList<>();
    List<String[]> ports = new ArrayList<>();
    if (exposed != null) {
      for (String k : exposed.keySet()) {
        String[] f = k.split("/");
        ports.add(new String[] {f[0], f.length > 1 ? f[1] : "tcp"});
      }
    }
    ports.sort(Comparator.comparingInt((String[] x) -> Integer.parseInt(x[0].split("-")[0]))
        .thenComparing(x -> !x[1].equals("tcp")));
    if (!ports.isEmpty()) {
      out.add(p + "_PORT=" + ports.getFirst()[1] + "://" + ip + ":" + ports.getFirst()[0]);
    }
    for (String[] port : ports) {
      String key = p + "_PORT_" + port[0] + "_" + port[1].toUpperCase(Locale.ROOT);
      out.add(key + "=" + port[1] + "://" + ip + ":" + port[0]);
      out.add(key + "_ADDR=" + ip);
      out.add(key + "_PORT=" + port[0]);
      out.add(key + "_PROTO=" + port[1]);
    }
    out.add(p + "_NAME=" + fullName);
    for (String e : childEnv) {
      int eq = e.indexOf('=');
      if (eq > 0 && !e.startsWith("HOME=") && !e.startsWith("PATH=")) {
        out.add(p + "_ENV_" + e);
      }
    }
    return out;
  }
}
