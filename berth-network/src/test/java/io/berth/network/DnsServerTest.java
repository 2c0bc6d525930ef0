package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The embedded DNS over real UDP on loopback: local names, aliases, and no upstream. */
class DnsServerTest {
  private static final Map<String, List<String>> NAMES = Map.of(
      "web", List.of("10.5.0.2"), "db", List.of("10.5.0.3"));

  private static final DnsServer.Names LOOKUP = new DnsServer.Names() {
    @Override
    public List<String> lookup(String name, boolean ipv6) {
      String bare = name.endsWith(".app") ? name.substring(0, name.length() - 4) : name;
      return ipv6 ? List.of() : NAMES.getOrDefault(bare, List.of());
    }

    @Override
    public boolean isLocal(String name) {
      return !lookup(name, false).isEmpty();
    }

    @Override
    public String reverse(String ip) {
      return ip.equals("10.5.0.2") ? "web.app" : null;
    }
  };

  @Test
  void answersLocalNamesAndFailsOthersWithoutUpstream() throws Exception {
    try (DnsServer s = DnsServer.start("127.0.0.1", 0, LOOKUP, List.of())) {
      Message a = ask(s.port(), "web.", Type.A);
      assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(((ARecord) a.getSection(Section.ANSWER).getFirst()).getAddress()
          .getHostAddress()).isEqualTo("10.5.0.2");
      Message qualified = ask(s.port(), "db.app.", Type.A);
      assertThat(((ARecord) qualified.getSection(Section.ANSWER).getFirst()).getAddress()
          .getHostAddress()).isEqualTo("10.5.0.3");
      assertThat(ask(s.port(), "web.", Type.AAAA).getSection(Section.ANSWER)).isEmpty();
      assertThat(ask(s.port(), "2.0.5.10.in-addr.arpa.", Type.PTR).getSection(Section.ANSWER)
          .getFirst().rdataToString()).isEqualTo("web.app.");
      assertThat(ask(s.port(), "elsewhere.example.", Type.A).getRcode())
          .isEqualTo(Rcode.SERVFAIL);
      Message tcp = askTcp(s.port(), "web.", Type.A);
      assertThat(((ARecord) tcp.getSection(Section.ANSWER).getFirst()).getAddress()
          .getHostAddress()).isEqualTo("10.5.0.2");
    }
  }

  /** The same over TCP (RFC 7766 framing): two queries on one connection. */
  private static Message askTcp(int port, String name, int type) throws Exception {
    try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(3000);
      Message r = null;
      for (int i = 0; i < 2; i++) {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        DnsServer.writeFrame(s.getOutputStream(), q.toWire());
        r = new Message(DnsServer.readFrame(s.getInputStream()));
        assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
      }
      return r;
    }
  }

  private static Message ask(int port, String name, int type) throws Exception {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    byte[] wire = q.toWire();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), port));
      byte[] buf = new byte[4096];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      Message r = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
      return r;
    }
  }
}
