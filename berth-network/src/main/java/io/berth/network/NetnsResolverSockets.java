package io.berth.network;

import io.berth.common.Messages;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

/**
 * {@link ResolverSockets} by {@code setns(2)}: both sockets are created and bound
 * {@link InNamespace} (a thread of its own that entered the container's namespace). A socket
 * belongs to the namespace it was created in (socket(7), network_namespaces(7)).
 */
public final class NetnsResolverSockets implements ResolverSockets {
  static final InetAddress ADDRESS = address();

  private final Syscalls sys;

  public NetnsResolverSockets(Syscalls sys) {
    this.sys = sys;
  }

  @Override
  public Bound open(Path netns, int udpPort, int tcpPort) throws IOException {
    try {
      return InNamespace.call(sys, netns, "dns-bind", () -> {
        DatagramChannel udp = DatagramChannel.open();
        try {
          udp.bind(new InetSocketAddress(ADDRESS, udpPort));
          ServerSocketChannel tcp = ServerSocketChannel.open()
              .bind(new InetSocketAddress(ADDRESS, tcpPort), 64);
          return new Bound(udp, tcp);
        } catch (IOException | RuntimeException e) {
          udp.close();
          throw e;
        }
      });
    } catch (IOException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("enter ") ? e
          : new IOException("bind 127.0.0.11 in " + netns + ": " + Messages.of(e), e);
    }
  }

  private static InetAddress address() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 11});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
