package io.berth.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xbill.DNS.AAAARecord;
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
 * One embedded DNS server on a UDP channel and a TCP listener that are already bound — for a
 * container, inside its network namespace at {@code 127.0.0.11} (see ADR 0112). Names of the
 * container's networks are answered from {@link Names}; anything else is forwarded to the
 * upstream servers (UDP for UDP queries, TCP for TCP ones) and relayed back. dnsjava reads and
 * writes the wire format.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());
  /** Docker's embedded DNS answers with this TTL (libnetwork resolver.go). */
  static final int TTL = 600;

  /** What the server knows: the names one container may ask for. */
  public interface Names {
    /**
     * The addresses of a container name, alias, link alias or short id (lower case, no
     * trailing dot; {@code name.network} too): IPv4 ones, or IPv6 ones when {@code ipv6}.
     * Empty when the name is not local (then it is forwarded) — unless {@link #isLocal}.
     */
    List<String> lookup(String name, boolean ipv6);

    /** True when {@code name} belongs to the networks even if it has no address of a family. */
    boolean isLocal(String name);

    /** The {@code name.network} that owns {@code ip}, or null. */
    String reverse(String ip);
  }

  private final DatagramChannel udp;
  private final ServerSocketChannel tcp;
  private final Names names;
  private final Supplier<List<InetSocketAddress>> upstreams;
  private volatile boolean closed;

  private DnsServer(DatagramChannel udp, ServerSocketChannel tcp, Names names,
      Supplier<List<InetSocketAddress>> upstreams) {
    this.udp = udp;
    this.tcp = tcp;
    this.names = names;
    this.upstreams = upstreams;
  }

  /** Serves on the bound channels until {@link #close}; {@code tcp} may be null. */
  public static DnsServer serve(DatagramChannel udp, ServerSocketChannel tcp, Names names,
      Supplier<List<InetSocketAddress>> upstreams, String label) {
    DnsServer s = new DnsServer(udp, tcp, names, upstreams);
    Thread.ofVirtual().name("dns-udp-" + label).start(s::serveUdp);
    if (tcp != null) {
      Thread.ofVirtual().name("dns-tcp-" + label).start(s::serveTcp);
    }
    return s;
  }

  /** Binds UDP and TCP on {@code address:port} of berthd's own namespace (tests). */
  static DnsServer start(String address, int port, Names names,
      List<InetSocketAddress> upstreams) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(address), port);
    DatagramChannel u = DatagramChannel.open().bind(at);
    ServerSocketChannel t = ServerSocketChannel.open()
        .bind(new InetSocketAddress(at.getAddress(), u.socket().getLocalPort()));
    return serve(u, t, names, () -> upstreams, address);
  }

  private void serveUdp() {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (!closed) {
      SocketAddress from;
      try {
        buf.clear();
        from = udp.receive(buf);
      } catch (IOException e) {
        if (!closed && !(e instanceof ClosedChannelException)) {
          LOG.log(Level.WARNING, "dns receive", e);
        }
        return;
      }
      byte[] query = Arrays.copyOf(buf.array(), buf.position());
      SocketAddress to = from;
      Thread.ofVirtual().start(() -> {
        try {
          byte[] reply = respond(query, false);
          if (reply != null) {
            udp.send(ByteBuffer.wrap(reply), to);
          }
        } catch (IOException | RuntimeException e) {
          if (!closed) {
            LOG.log(Level.FINE, "dns answer to " + to, e);
          }
        }
      });
    }
  }

  private void serveTcp() {
    while (!closed) {
      SocketChannel c;
      try {
        c = tcp.accept();
      } catch (IOException e) {
        return;
      }
      Thread.ofVirtual().start(() -> serveConnection(c));
    }
  }

  /** RFC 7766: two-byte length, then the message; several queries may come on one connection. */
  private void serveConnection(SocketChannel c) {
    try (c; Socket s = c.socket()) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        byte[] query = readFrame(in);
        if (query == null) {
          return;
        }
        byte[] reply = respond(query, true);
        if (reply == null) {
          return;
        }
        writeFrame(out, reply);
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "dns over tcp", e);
    }
  }

  static byte[] readFrame(InputStream in) throws IOException {
    int hi = in.read();
    int lo = in.read();
    if (hi < 0 || lo < 0) {
      return null;
    }
    byte[] b = in.readNBytes((hi << 8) | lo);
    return b.length == ((hi << 8) | lo) ? b : null;
  }

  static void writeFrame(OutputStream out, byte[] msg) throws IOException {
    out.write(new byte[] {(byte) (msg.length >>> 8), (byte) msg.length});
    out.write(msg);
    out.flush();
  }

  /** The reply to one query: local answer, upstream's, or SERVFAIL. Null to drop it. */
  byte[] respond(byte[] wire, boolean overTcp) throws IOException {
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
    String name = question.getName().toString(true).toLowerCase(java.util.Locale.ROOT);
    int type = question.getType();
    if (type == Type.PTR) {
      String owner = names.reverse(reverseToIp(name));
      if (owner != null) {
        Message r = reply(q, Rcode.NOERROR);
        r.addRecord(new PTRRecord(question.getName(), DClass.IN, TTL,
            Name.fromString(owner + ".")), Section.ANSWER);
        return r.toWire();
      }
    } else if (type == Type.A || type == Type.AAAA || type == Type.ANY) {
      List<String> v4 = type == Type.AAAA ? List.of() : names.lookup(name, false);
      List<String> v6 = type == Type.A ? List.of() : names.lookup(name, true);
      if (!v4.isEmpty() || !v6.isEmpty() || names.isLocal(name)) {
        Message r = reply(q, Rcode.NOERROR);
        for (String ip : v4) {
          r.addRecord(new ARecord(question.getName(), DClass.IN, TTL,
              InetAddress.getByName(ip)), Section.ANSWER);
        }
        for (String ip : v6) {
          r.addRecord(new AAAARecord(question.getName(), DClass.IN, TTL,
              InetAddress.getByName(ip)), Section.ANSWER);
        }
        return r.toWire();
      }
    }
    byte[] up = overTcp ? forwardTcp(wire) : forwardUdp(wire);
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
  private byte[] forwardUdp(byte[] wire) {
    for (InetSocketAddress up : upstreams.get()) {
      try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
        s.setSoTimeout(2000);
        s.send(new java.net.DatagramPacket(wire, wire.length, up));
        byte[] buf = new byte[65535];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
      } catch (SocketTimeoutException e) {
        LOG.log(Level.FINE, "dns upstream " + up + " timed out");
      } catch (IOException e) {
        LOG.log(Level.FINE, "dns upstream " + up, e);
      }
    }
    return null;
  }

  private byte[] forwardTcp(byte[] wire) {
    for (InetSocketAddress up : upstreams.get()) {
      try (Socket s = new Socket()) {
        s.connect(up, 2000);
        s.setSoTimeout(4000);
        writeFrame(s.getOutputStream(), wire);
        byte[] reply = readFrame(s.getInputStream());
        if (reply != null) {
          return reply;
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "dns upstream " + up + " over tcp", e);
      }
    }
    return null;
  }

  /**
   * {@code 2.0.17.172.in-addr.arpa} → {@code 172.17.0.2}; the 32 nibbles of an
   * {@code ip6.arpa} name → the compressed IPv6 address; anything else → "".
   */
  static String reverseToIp(String name) {
    String suffix = ".in-addr.arpa";
    if (name.endsWith(".ip6.arpa")) {
      String[] n = name.substring(0, name.length() - ".ip6.arpa".length()).split("\\.");
      if (n.length != 32) {
        return "";
      }
      StringBuilder hex = new StringBuilder();
      for (int i = 31; i >= 0; i--) {
        if (!n[i].matches("[0-9a-f]")) {
          return "";
        }
        hex.append(n[i]);
      }
      return Cidr6.format(new java.math.BigInteger(hex.toString(), 16));
    }
    if (!name.endsWith(suffix)) {
      return "";
    }
    String[] f = name.substring(0, name.length() - suffix.length()).split("\\.");
    if (f.length != 4) {
      return "";
    }
    List<String> parts = new ArrayList<>(List.of(f));
    java.util.Collections.reverse(parts);
    return String.join(".", parts);
  }

  @Override
  public void close() {
    closed = true;
    try {
      udp.close();
    } catch (IOException e) {
      // closing
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  /** For tests: the bound port. */
  int port() {
    return udp.socket().getLocalPort();
  }
}
