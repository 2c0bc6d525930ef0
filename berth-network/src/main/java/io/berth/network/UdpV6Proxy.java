package io.berth.network;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IPv6 side of a published UDP port, as docker-proxy's UDP proxy: datagrams received on
 * {@code [bindIp]:hostPort} go to the container's IPv4 address from one socket per client
 * address, and the container's answers go back to that client from the published port. A
 * client's flow is forgotten after 90 s without an answer (docker-proxy's
 * UDPConnTrackTimeout). One virtual thread for the port, one per flow.
 */
final class UdpV6Proxy implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UdpV6Proxy.class.getName());
  static final int IDLE_MILLIS = 90_000;

  private final DatagramSocket server;
  private final InetSocketAddress target;
  private final int idleMillis;
  private final Map<SocketAddress, DatagramSocket> flows = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private UdpV6Proxy(DatagramSocket server, InetSocketAddress target, int idleMillis) {
    this.server = server;
    this.target = target;
    this.idleMillis = idleMillis;
  }

  /**
   * Receives on {@code [bindIp]:hostPort} and relays to {@code targetIp:targetPort}.
   *
   * @throws IOException when the port is taken there or the host has no such address
   */
  static UdpV6Proxy start(String bindIp, int hostPort, String targetIp, int targetPort)
      throws IOException {
    return start(bindIp, hostPort, targetIp, targetPort, IDLE_MILLIS);
  }

  static UdpV6Proxy start(String bindIp, int hostPort, String targetIp, int targetPort,
      int idleMillis) throws IOException {
    DatagramSocket s = new DatagramSocket(null);
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(bindIp), hostPort));
    } catch (IOException e) {
      s.close();
      throw e;
    }
    UdpV6Proxy p = new UdpV6Proxy(s, new InetSocketAddress(InetAddress.getByName(targetIp),
        targetPort), idleMillis);
    Thread.ofVirtual().name("udp6-" + hostPort).start(p::receive);
    return p;
  }

  private void receive() {
    byte[] buf = new byte[65535];
    while (!closed) {
      DatagramPacket in = new DatagramPacket(buf, buf.length);
      try {
        server.receive(in);
        SocketAddress client = in.getSocketAddress();
        DatagramSocket flow = flows.get(client);
        if (flow == null) {
          flow = open(client);
        }
        flow.send(new DatagramPacket(in.getData(), in.getOffset(), in.getLength()));
      } catch (IOException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.FINE, "udp proxy " + server.getLocalSocketAddress() + " to " + target, e);
      }
    }
  }

  /** A socket connected to the container for this client, and the thread sending answers. */
  private DatagramSocket open(SocketAddress client) throws IOException {
    DatagramSocket up = new DatagramSocket();
    up.connect(target);
    up.setSoTimeout(idleMillis);
    flows.put(client, up);
    Thread.ofVirtual().start(() -> {
      byte[] buf = new byte[65535];
      try (up) {
        while (!closed) {
          DatagramPacket answer = new DatagramPacket(buf, buf.length);
          up.receive(answer);
          server.send(new DatagramPacket(answer.getData(), answer.getOffset(),
              answer.getLength(), client));
        }
      } catch (SocketTimeoutException e) {
        // idle: forget the flow
      } catch (IOException e) {
        LOG.log(Level.FINE, "udp proxy answer to " + client, e);
      } finally {
        flows.remove(client, up);
      }
    });
    return up;
  }

  int port() {
    return server.getLocalPort();
  }

  /** The clients with a flow open, for tests. */
  int flows() {
    return flows.size();
  }

  @Override
  public void close() {
    closed = true;
    server.close();
    flows.values().forEach(DatagramSocket::close);
  }
}
