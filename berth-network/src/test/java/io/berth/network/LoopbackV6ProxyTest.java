package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The [::1] relay, on loopback only: both directions and the end of the stream. */
class LoopbackV6ProxyTest {
  @Test
  void relaysBothWaysToTheIpv4Target() throws Exception {
    int free;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      free = probe.getLocalPort();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        LoopbackV6Proxy proxy = LoopbackV6Proxy.start(free, "127.0.0.1",
            target.getLocalPort())) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = target.accept()) {
          byte[] got = s.getInputStream().readAllBytes();
          s.getOutputStream().write(("echo:" + new String(got, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          // the assertion below fails
        }
      });
      try (Socket c = new Socket(InetAddress.getByName("::1"), proxy.port())) {
        c.setSoTimeout(5000);
        c.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
        c.shutdownOutput();
        assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("echo:hi");
      }
    }
  }

  @Test
  void relaysUdpDatagramsBothWaysAndForgetsAnIdleFlow() throws Exception {
    int free;
    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(
        new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      free = probe.getLocalPort();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (java.net.DatagramSocket target = new java.net.DatagramSocket(0,
        InetAddress.getByName("127.0.0.1"));
        UdpV6Proxy proxy = UdpV6Proxy.start("::1", free, "127.0.0.1", target.getLocalPort(),
            300);
        java.net.DatagramSocket client = new java.net.DatagramSocket(
            new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
      Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[100];
        try {
          for (int i = 0; i < 2; i++) {
            java.net.DatagramPacket in = new java.net.DatagramPacket(buf, buf.length);
            target.receive(in);
            byte[] out = ("echo:" + new String(in.getData(), 0, in.getLength(),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            target.send(new java.net.DatagramPacket(out, out.length, in.getSocketAddress()));
          }
        } catch (java.io.IOException e) {
          // the assertions below fail
        }
      });
      client.setSoTimeout(5000);
      assertThat(roundTrip(client, proxy.port(), "hi")).isEqualTo("echo:hi");
      assertThat(proxy.flows()).isEqualTo(1);
      for (int i = 0; i < 50 && proxy.flows() > 0; i++) {
        Thread.sleep(50);
      }
      assertThat(proxy.flows()).isZero();
      assertThat(roundTrip(client, proxy.port(), "again")).isEqualTo("echo:again");
    }
  }

  private static String roundTrip(java.net.DatagramSocket client, int port, String text)
      throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    client.send(new java.net.DatagramPacket(b, b.length, InetAddress.getByName("::1"), port));
    java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[100], 100);
    client.receive(in);
    return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void everyAddressIsRelayedFromTheIpv6WildcardAndAnIpv4AddressNotAtAll() {
    assertThat(LoopbackProxies.bindAddress("")).isEqualTo("::");
    assertThat(LoopbackProxies.bindAddress("0.0.0.0")).isEqualTo("::");
    assertThat(LoopbackProxies.bindAddress("::")).isEqualTo("::");
    assertThat(LoopbackProxies.bindAddress("::1")).isEqualTo("::1");
    assertThat(LoopbackProxies.bindAddress("127.0.0.1")).isNull();
  }
}
