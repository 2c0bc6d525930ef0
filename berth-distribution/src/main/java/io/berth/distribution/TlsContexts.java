package io.berth.distribution;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for one registry: the JDK's trusted CAs plus every {@code *.crt} in
 * {@code <certs.d>/<host:port>/} (Docker's layout: {@code /etc/docker/certs.d/myreg:5000/ca.crt}).
 */
final class TlsContexts {
  private TlsContexts() {}

  /** The default context when no directory has a CA for {@code hostPort}. */
  static SSLContext forHost(String hostPort, List<Path> certsDirs) {
    List<X509Certificate> extra = new ArrayList<>();
    for (Path dir : certsDirs) {
      Path hostDir = dir.resolve(hostPort);
      if (!Files.isDirectory(hostDir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(hostDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".crt")).sorted().toList()) {
          extra.addAll(read(f));
        }
      } catch (IOException e) {
        throw BerthException.internal("read certificates in " + hostDir, e);
      }
    }
    try {
      if (extra.isEmpty()) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory defaults =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      defaults.init((KeyStore) null);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (var tm : defaults.getTrustManagers()) {
        if (tm instanceof javax.net.ssl.X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("system-" + n++, c);
          }
        }
      }
      for (X509Certificate c : extra) {
        ks.setCertificateEntry("certs.d-" + n++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw BerthException.internal("set up TLS for " + hostPort, e);
    }
  }

  /** For insecure registries only: accepts any certificate (Docker's InsecureSkipVerify). */
  static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509ExtendedTrustManager() {
        // X509ExtendedTrustManager, not X509TrustManager: the JDK would wrap the latter and
        // still check the host name against the certificate
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType,
            java.net.Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType,
            java.net.Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType,
            javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType,
            javax.net.ssl.SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw BerthException.internal("set up TLS", e);
    }
  }

  private static List<X509Certificate> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (java.security.cert.CertificateException e) {
      throw BerthException.invalid("invalid certificate " + file + ": " + Messages.of(e));
    }
  }
}
