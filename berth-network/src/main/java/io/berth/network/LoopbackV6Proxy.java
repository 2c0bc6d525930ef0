package io.berth.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IPv6 side of a published TCP port: the kernel cannot DNAT IPv6 loopback traffic out of
 * the host (there is no {@code route_localnet} for IPv6) and berth's containers have IPv4
 * addresses, so, as docker-proxy does, berthd accepts on {@code [::]:hostPort} (a port
 * published on every address; {@code [::1]} and every other IPv6 address of the host) or on
 * the IPv6 address it was published on, and relays each connection to the container's IPv4
 * address. IPv4 stays DNAT (ADR 0112, 0116). One virtual thread per direction.
 */
final class LoopbackV6Proxy implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LoopbackV6Proxy.class.getName());

  private final ServerSocket server;
  private final InetSocketAddress target;
  private volatile boolean closed;

  private LoopbackV6Proxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** On {@code [::1]} only. */
  static LoopbackV6Proxy start(int hostPort, String targetIp, int targetPort)
      throws IOException {
    return start("::1", hostPort, targetIp, targetPort);
  }

  /**
   * Listens on {@code [bindIp]:hostPort} and relays to {@code targetIp:targetPort}.
   *
   * @throws IOException when the port is taken there or the host has no such address
   */
  static LoopbackV6Proxy start(String bindIp, int hostPort, String targetIp, int targetPort)
      throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(bindIp), hostPort), 128);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    LoopbackV6Proxy p = new LoopbackV6Proxy(s,
        new InetSocketAddress(InetAddress.getByName(targetIp), targetPort));
    Thread.ofVirtual().name("proxy6-" + hostPort).start(p::accept);
    return p;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().start(() -> relay(client));
    }
  }

  private void relay(Socket client) {
    try (client; Socket upstream = new Socket()) {
      upstream.connect(target, 5000);
      Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
      copy(client, upstream);
      back.join();
    } catch (IOException | InterruptedException e) {
      LOG.log(Level.FINE, "proxy " + server.getLocalSocketAddress() + " to " + target, e);
    }
  }

  /** Copies until EOF, then half-closes the other side so the peer sees the end too. */
  private static void copy(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        to.close();
      } catch (IOException ignored) {
        // already closing
      }
    }
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
  }
}
