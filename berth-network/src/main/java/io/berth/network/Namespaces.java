package io.berth.network;

import java.nio.file.Path;
import java.util.List;

/** Containers' network namespaces, by container id. {@link Netns} bind-mounts them. */
public interface Namespaces {
  /** Makes the namespace (only {@code lo}, down) and returns the path to join it by. */
  Path create(String id);

  /** Removes it; nothing there is not an error. */
  void delete(String id);

  /** Removes the host ends of {@code veths} and the namespace; absent ones are fine. */
  void deleteWithLinks(String id, List<String> veths);

  /** Removes the host links {@code veths} (whatever namespace their peers are in); absent ones are fine. */
  void deleteLinks(List<String> veths);
}
