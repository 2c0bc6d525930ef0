package io.berth.network;

import java.io.IOException;
import java.nio.channels.SocketChannel;
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

  /**
   * A TCP socket that belongs to the namespace at {@code ns}, not yet connected (a socket stays
   * in the namespace it was made in, whichever thread uses it later).
   */
  default SocketChannel tcpSocket(Path ns) throws IOException {
    throw new IOException("cannot enter network namespace " + ns + " here");
  }
}
