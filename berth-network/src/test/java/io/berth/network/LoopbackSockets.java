package io.berth.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ResolverSockets} on 127.0.0.1 of the test's own namespace, on ports the kernel picks;
 * remembers each container's UDP port so a test can ask its resolver.
 */
final class LoopbackSockets implements ResolverSockets {
  final Map<Path, Integer> udpPorts = new HashMap<>();

  @Override
  public synchronized Bound open(Path netns, int udpPort, int tcpPort) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    DatagramChannel u = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
    ServerSocketChannel t = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
    udpPorts.put(netns, u.socket().getLocalPort());
    return new Bound(u, t);
  }
}
