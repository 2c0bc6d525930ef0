package io.berth.network;

import io.berth.common.Messages;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link ResolverSockets} by {@code setns(2)}: a platform thread of its own enters the
 * container's namespace, creates and binds both sockets, and ends (it is never reused, so no
 * other work runs in the container's namespace; ARCHITECTURE.md, "Threads and native calls").
 * A socket belongs to the namespace it was created in (socket(7), network_namespaces(7)).
 */
public final class NetnsResolverSockets implements ResolverSockets {
  static final InetAddress ADDRESS = address();

  private final Syscalls sys;

  public NetnsResolverSockets(Syscalls sys) {
    this.sys = sys;
  }

  @Override
  public Bound open(Path netns, int udpPort, int tcpPort) throws IOException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("dns-bind").unstarted(() -> {
      DatagramChannel udp = null;
      try {
        sys.setns(netns.toString(), Syscalls.CLONE_NEWNET);
        udp = DatagramChannel.open().bind(new InetSocketAddress(ADDRESS, udpPort));
        ServerSocketChannel tcp = ServerSocketChannel.open()
            .bind(new InetSocketAddress(ADDRESS, tcpPort), 64);
        result.set(new Bound(udp, tcp));
      } catch (IOException | RuntimeException e) {
        if (udp != null) {
          try {
            udp.close();
          } catch (IOException ignored) {
            // already failing
          }
        }
        result.set(e);
      }
    });
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the DNS sockets in " + netns, e);
    }
    return switch (result.get()) {
      case Bound b -> b;
      case IOException e -> throw new IOException("bind 127.0.0.11 in " + netns + ": "
          + Messages.of(e), e);
      case RuntimeException e -> throw new IOException("enter " + netns + ": " + Messages.of(e),
          e);
      default -> throw new IOException("bind 127.0.0.11 in " + netns);
    };
  }

  private static InetAddress address() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 11});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
