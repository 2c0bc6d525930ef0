package io.berth.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link LinkDriver} that records calls and keeps links in memory; no kernel. */
final class RecordingLinks implements LinkDriver {
  final List<String> calls = new ArrayList<>();
  final List<Veth> attached = new ArrayList<>();
  final Map<String, List<String>> links = new HashMap<>();
  RuntimeException failAttach;
  /** Links on a bridge that no attach made (what a crash left), by link: bridge. */
  final Map<String, String> strays = new HashMap<>();

  @Override
  public synchronized List<String> ports(String bridge) {
    List<String> out = new ArrayList<>();
    attached.stream().filter(v -> v.bridge().equals(bridge)).forEach(v -> out.add(v.hostVeth()));
    strays.forEach((link, b) -> {
      if (b.equals(bridge)) {
        out.add(link);
      }
    });
    return out;
  }

  @Override
  public synchronized boolean exists(String link) {
    return links.containsKey(link);
  }

  @Override
  public synchronized List<String> ipv4Addresses(String link) {
    return List.copyOf(links.getOrDefault(link, List.of()));
  }

  @Override
  public List<String> hostRoutes() {
    return List.of("192.0.2.0/24");
  }

  @Override
  public synchronized void ensureBridge(String name, String gatewayCidr, String gateway6Cidr) {
    calls.add("ensureBridge " + name + " " + gatewayCidr);
    links.computeIfAbsent(name, k -> new ArrayList<>(List.of(gatewayCidr)));
  }

  @Override
  public synchronized void deleteBridge(String name) {
    calls.add("deleteBridge " + name);
    links.remove(name);
  }

  @Override
  public synchronized void attach(Path netns, Veth veth) {
    calls.add("attach " + veth.ifName() + " " + veth.ipCidr() + " on " + veth.bridge());
    if (failAttach != null) {
      RuntimeException e = failAttach;
      failAttach = null;
      throw e;
    }
    attached.add(veth);
    links.put(veth.hostVeth(), List.of());
  }

  @Override
  public synchronized void detach(String hostVeth) {
    calls.add("detach " + hostVeth);
    links.remove(hostVeth);
  }

  @Override
  public synchronized void nftInNamespace(Path netns, String rules) {
    calls.add("nft in " + netns.getFileName() + ": " + rules.lines().filter(l -> l.contains(
        "udp dport 53")).findFirst().orElse("").strip());
  }

  @Override
  public synchronized void loopbackOnly(Path netns) {
    calls.add("loopbackOnly");
  }
}
