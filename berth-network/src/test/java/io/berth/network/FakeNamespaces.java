package io.berth.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link Namespaces} as names in a set: nothing is mounted. */
final class FakeNamespaces implements Namespaces {
  final Set<String> live = new LinkedHashSet<>();
  final List<String> deleted = new ArrayList<>();
  final List<String> linksDeleted = new ArrayList<>();
  private final Path dir;

  FakeNamespaces(Path dir) {
    this.dir = dir;
  }

  @Override
  public synchronized Path create(String id) {
    live.add(id);
    return dir.resolve(id);
  }

  @Override
  public synchronized void delete(String id) {
    live.remove(id);
    deleted.add(id);
  }

  @Override
  public synchronized void deleteWithLinks(String id, List<String> veths) {
    delete(id);
  }

  @Override
  public synchronized void deleteLinks(List<String> veths) {
    linksDeleted.addAll(veths);
  }
}
