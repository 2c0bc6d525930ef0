package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 4: tcp:// with mutual TLS, driven by the real docker CLI; certificates made by openssl. */
class TlsE2eTest {
  @TempDir Path dir;

  @Test
  void dockerTalksMutualTlsAndAClientWithoutCertificateIsRefused() throws Exception {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    Path tls = Files.createDirectories(dir.resolve("tls"));
    makeCertificates(tls);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String tcp = "tcp://127.0.0.1:" + port;
    try (Berthd d = Berthd.start(dir.resolve("d"), "-H", tcp, "--tlsverify",
        "--tlscacert", tls.resolve("ca.pem").toString(),
        "--tlscert", tls.resolve("server.pem").toString(),
        "--tlskey", tls.resolve("server-key.pem").toString())) {
      Cmd.Result ok = Cmd.run(Map.of("DOCKER_CONFIG", dir.resolve("cfg").toString()), null,
          List.of(Cmd.dockerBinary(), "--tlsverify", "--tlscacert", tls.resolve("ca.pem").toString(),
              "--tlscert", tls.resolve("cert.pem").toString(), "--tlskey",
              tls.resolve("key.pem").toString(), "-H", tcp, "version", "--format",
              "{{.Server.APIVersion}}"));
      assertThat(ok.code()).as(ok.all() + Files.readString(d.log)).isZero();
      assertThat(ok.out().trim()).isEqualTo("1.44");
      Cmd.Result noCert = Cmd.run(Map.of(), null, List.of("curl", "-sf", "--max-time", "10",
          "--cacert", tls.resolve("ca.pem").toString(), "https://127.0.0.1:" + port + "/_ping"));
      assertThat(noCert.code()).isNotZero();
    }
  }

  @Test
  void halfOpenHandshakesAndSilentConnectionsAreClosedAfterTheHeaderTimeout() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
    Path tls = Files.createDirectories(dir.resolve("tls"));
    makeCertificates(tls);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (Berthd d = Berthd.startWith(List.of(), List.of("-Dberth.http.headerTimeout=2"),
        dir.resolve("d"), "-H", "tcp://127.0.0.1:" + port, "--tlsverify",
        "--tlscacert", tls.resolve("ca.pem").toString(),
        "--tlscert", tls.resolve("server.pem").toString(),
        "--tlskey", tls.resolve("server-key.pem").toString())) {
      // the first 5 bytes of a ClientHello record, then nothing; and a socket that sends nothing
      byte[][] sends = {{0x16, 0x03, 0x01, 0x02, 0x00}, {}};
      for (byte[] send : sends) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          s.setSoTimeout(20_000);
          s.getOutputStream().write(send);
          s.getOutputStream().flush();
          long start = System.nanoTime();
          int got;
          try {
            got = s.getInputStream().read();
          } catch (java.net.SocketException e) {
            got = -1; // reset: closed as well
          }
          long waited = (System.nanoTime() - start) / 1_000_000;
          assertThat(got).as("the server closed the connection").isEqualTo(-1);
          assertThat(waited).isLessThan(15_000);
        }
      }
    }
  }

  /** A CA, a server certificate for 127.0.0.1 and a client certificate, PKCS#8 keys. */
  private static void makeCertificates(Path tls) throws Exception {
    Files.writeString(tls.resolve("server.cnf"),
        "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(tls.resolve("client.cnf"), "extendedKeyUsage=clientAuth\n");
    openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem",
        "-out", "ca.pem", "-days", "2", "-subj", "/CN=berth-test-ca");
    for (String[] who : new String[][] {{"server", "server-key.pem", "server.pem", "/CN=127.0.0.1"},
        {"client", "key.pem", "cert.pem", "/CN=client"}}) {
      openssl(tls, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who[1], "-out",
          who[0] + ".csr", "-subj", who[3]);
      openssl(tls, "x509", "-req", "-in", who[0] + ".csr", "-CA", "ca.pem", "-CAkey",
          "ca-key.pem", "-CAcreateserial", "-out", who[2], "-days", "2", "-extfile",
          who[0] + ".cnf");
    }
  }

  private static void openssl(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec openssl \"$@\"",
        cwd.toString()));
    cmd.addAll(List.of(args));
    Cmd.Result r = Cmd.run(Map.of(), null, cmd);
    if (r.code() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + r.all());
    }
  }
}
