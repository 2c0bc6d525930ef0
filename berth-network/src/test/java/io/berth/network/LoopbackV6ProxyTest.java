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
}
