package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code berthd --cleanup} removes from the host: berth's nftables table, the bridges
 * of its networks and the namespaces of its overlay networks. A daemon that stops leaves them
 * on purpose, so that containers that live on (live restore) keep their published ports and
 * their network until it comes back; this is for an operator who is done with berth, or an
 * uninstall.
 */
public final class NetworkCleanup {
  private NetworkCleanup() {}

  /**
   * Deletes table {@code ip <table>}, the bridges (the default one and every network's) and
   * the overlay networks' namespaces under {@code <execRoot>/overlay};
   * refuses with Conflict while a container network namespace is left under {@code execRoot}.
   * Returns what it removed, e.g. {@code nftables table ip berth}, {@code bridge berth0}.
   */
  public static List<String> removeAll(Path root, Path execRoot, String table,
      String defaultBridge) {
    Path netns = execRoot.resolve("netns");
    if (Files.isDirectory(netns)) {
      try (Stream<Path> s = Files.list(netns)) {
        if (s.findAny().isPresent()) {
          throw BerthException.conflict("containers still have networks (" + netns
              + " is not empty): stop and remove them first");
        }
      } catch (IOException e) {
        throw BerthException.internal("read " + netns, e);
      }
    }
    List<String> removed = new ArrayList<>();
    if (Command.tryRun(null, "nft", "delete", "table", "ip", table).code() == 0) {
      removed.add("nftables table ip " + table);
    }
    Set<String> bridges = new LinkedHashSet<>();
    if (defaultBridge != null && !defaultBridge.equals("none")) {
      bridges.add(defaultBridge);
    }
    for (NetworkRecord n : new NetworkStore(root).loadNetworks()) {
      if (n.bridge() != null && !n.bridge().isEmpty()) {
        bridges.add(n.bridge());
      }
    }
    Path overlays = ClusterNetworks.linksFile(root.resolve("network"));
    try {
      if (Files.exists(overlays)) {
        Files.readAllLines(overlays).stream().filter(l -> l.matches("(ov|vx)-[0-9a-f]{12}"))
            .forEach(bridges::add);
      }
    } catch (IOException e) {
      throw BerthException.internal("read " + overlays, e);
    }
    for (String b : bridges) {
      if (Command.tryRun(null, "ip", "link", "del", b).code() == 0) {
        removed.add("bridge " + b);
      }
    }
    // the overlay networks' namespaces (ADR 0144), with their bridges and VXLAN devices
    Netns sandboxes = Netns.overlays(execRoot, null);
    for (String name : sandboxes.names()) {
      boolean mounted = sandboxes.exists(name);
      sandboxes.delete(name);
      if (mounted) {
        removed.add("namespace " + sandboxes.path(name));
      }
    }
    return removed;
  }
}
