package io.berth.network;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The embedded DNS server of one user-defined network, on UDP port 53 of the network's gateway
 * address (on the host side, as podman's aardvark-dns does; see ADR 0106). Containers find it in
 * their resolv.conf. Names of the network's running containers, their aliases and short ids
 * are answered from {@link Names}; anything else is forwarded to the host's upstream servers
 * and relayed back. dnsjava reads and writes the wire format.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());
  /** Docker's embedded DNS answers with this TTL (libnetwork resolver.go). */
  static final int TTL = 600;

  /** What the server knows about its network. */
  public interface Names {
    /** The IPv4 addresses of a container name, alias or short id (lower case, no dot). */
    List<String> lookup(String name);

    /** The container name that owns {@code ip} on this network, or null. */
    String reverse(String ip);
  }

  private final DatagramSocket socket;
  private final Names names;
  private final List<InetSocketAddress> upstreams;
  private final String domain;
  private volatile boolean closed;

  private DnsServer(DatagramSocket socket, Names names, List<InetSocketAddress> upstreams,
      String domain) {
    this.socket = socket;
    this.names = names;
    this.upstreams = upstreams;
    this.domain = domain;
  }

  /**
   * Binds {@code address:port} and serves until {@link #close}.
   *
   * @param networkName names may also be asked as {@code <name>.<networkName>}
   */
  public static DnsServer start(String address, int port, Names names,
      List<InetSocketAddress> upstreams, String networkName) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address),
        port));
    DnsServer server = new DnsServer(s, names, upstreams,
        networkName.toLowerCase(Locale.ROOT));
    Thread.ofVirtual().name("dns-" + address).start(server::serve);
    return server;
  }

  private void serve() {
    byte[] buf = new byte[4096];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "dns receive", e);
        }
        return;
      }
      byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
      InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
      Thread.ofVirtual().start(() -> answer(query, from));
    }
  }

  private void answer(byte[] query, InetSocketAddress from) {
    try {
      byte[] reply = respond(query);
      if (reply != null) {
        socket.send(new DatagramPacket(reply, reply.length, from));
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.log(Level.FINE, "dns answer to " + from, e);
      }
    }
  }

  /** The reply to one query: local answer, upstream's, or SERVFAIL. Null to drop it. */
  byte[] respond(byte[] wire) throws IOException {
    Message q;
    try {
      q = new Message(wire);
    } catch (IOException e) {
      return null;
    }
    Record question = q.getQuestion();
    if (question == null) {
      return null;
    }
    String name = question.getName().toString(true).toLowerCase(Locale.ROOT);
    if (name.endsWith("." + domain)) {
      name = name.substring(0, name.length() - domain.length() - 1);
    }
    int type = question.getType();
    if (type == Type.PTR) {
      String owner = names.reverse(reverseToIp(name));
      if (owner != null) {
        Message r = reply(q, Rcode.NOERROR);
        r.addRecord(new PTRRecord(question.getName(), DClass.IN, TTL,
            Name.fromString(owner + ".")), Section.ANSWER);
        return r.toWire();
      }
    } else if (!name.contains(".") || type == Type.A || type == Type.AAAA) {
      List<String> ips = names.lookup(name);
      if (!ips.isEmpty()) {
        Message r = reply(q, Rcode.NOERROR);
        if (type == Type.A || type == Type.ANY) {
          for (String ip : ips) {
            r.addRecord(new ARecord(question.getName(), DClass.IN, TTL,
                InetAddress.getByName(ip)), Section.ANSWER);
          }
        }
        return r.toWire();
      }
    }
    byte[] up = forward(wire);
    return up != null ? up : reply(q, Rcode.SERVFAIL).toWire();
  }

  private static Message reply(Message q, int rcode) {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    if (q.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    r.getHeader().setRcode(rcode);
    r.addRecord(q.getQuestion(), Section.QUESTION);
    return r;
  }

  /** Asks each upstream in turn (2 s each); the first answer, or null. */
  private byte[] forward(byte[] wire) {
    for (InetSocketAddress up : upstreams) {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(2000);
        s.send(new DatagramPacket(wire, wire.length, up));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
      } catch (SocketTimeoutException e) {
        LOG.log(Level.FINE, "dns upstream " + up + " timed out");
      } catch (IOException e) {
        LOG.log(Level.FINE, "dns upstream " + up, e);
      }
    }
    return null;
  }

  /** {@code 2.0.17.172.in-addr.arpa} → {@code 172.17.0.2}; anything else → "". */
  static String reverseToIp(String name) {
    String suffix = ".in-addr.arpa";
    if (!name.endsWith(suffix)) {
      return "";
    }
    String[] f = name.substring(0, name.length() - suffix.length()).split("\\.");
    if (f.length != 4) {
      return "";
    }
    return f[3] + "." + f[2] + "." + f[1] + "." + f[0];
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
  }

  /** For tests: the bound port. */
  int port() {
    return socket.getLocalPort();
  }
}
