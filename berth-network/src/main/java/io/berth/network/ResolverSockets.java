package io.berth.network;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * Opens the sockets of a container's embedded DNS: a UDP channel and a TCP listener on
 * {@code 127.0.0.11} inside the container's network namespace (ADR 0112). The namespace keeps
 * them: they serve from berthd's threads whatever namespace those threads are in.
 */
public interface ResolverSockets {
  /** The two bound channels. */
  record Bound(DatagramChannel udp, ServerSocketChannel tcp) {}

  /**
   * Binds {@code 127.0.0.11:udpPort} (UDP) and {@code 127.0.0.11:tcpPort} (TCP) in the
   * namespace at {@code netns}, whose {@code lo} must be up.
   *
   * @throws IOException when a port is taken or the namespace cannot be entered
   */
  Bound open(Path netns, int udpPort, int tcpPort) throws IOException;
}
