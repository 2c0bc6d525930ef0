package io.berth.daemon;

import io.berth.api.server.http.Connection;
import io.berth.api.server.http.Listener;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code tcp://} with mutual TLS: clients must present a certificate signed by the CA. The
 * listener accepts plain sockets and layers TLS over each, so that a connection whose handshake
 * never finishes can be aborted by closing the plain socket under it (the HTTP server's header
 * timeout); closing the TLS socket itself would wait for the handshake's lock.
 */
final class TlsListener implements Listener {
  private final ServerSocket server;
  private final SSLSocketFactory tls;
  private final String address;

  private TlsListener(ServerSocket server, SSLSocketFactory tls, String address) {
    this.server = server;
    this.tls = tls;
    this.address = address;
  }

  static TlsListener bind(String host, int port, DaemonConfig.Tls tls) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManagers(tls), trustManagers(tls), null);
      ServerSocket s = new ServerSocket(port, 128, InetAddress.getByName(host));
      return new TlsListener(s, ctx.getSocketFactory(), "tcp://" + host + ":" + port);
    } catch (GeneralSecurityException e) {
      throw new StartupException("cannot set up TLS for tcp://" + host + ":" + port + ": "
          + Messages.of(e), e);
    }
  }

  /** A TLS context with {@code tls}'s certificate and key, trusting its CA (etcd's client). */
  static SSLContext context(DaemonConfig.Tls tls) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManagers(tls), trustManagers(tls), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException("cannot set up TLS with " + tls.cert() + ": " + Messages.of(e),
          e);
    }
  }

  private static javax.net.ssl.KeyManager[] keyManagers(DaemonConfig.Tls tls)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> chain = certificates(tls.cert());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("berthd", privateKey(tls), new char[0], chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    return kmf.getKeyManagers();
  }

  private static javax.net.ssl.TrustManager[] trustManagers(DaemonConfig.Tls tls)
      throws IOException, GeneralSecurityException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    for (Certificate c : certificates(tls.ca())) {
      ts.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  private static Collection<? extends Certificate> certificates(java.nio.file.Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
  }

  /** PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  private static PrivateKey privateKey(DaemonConfig.Tls tls) throws IOException {
    String pem = Files.readString(tls.key());
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new StartupException(tls.key() + " is not a PKCS#8 key; convert it with "
          + "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem`");
    }
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new StartupException("cannot read private key " + tls.key());
  }

  /** TLS over an accepted socket, or null (the socket closed) when it cannot be set up. */
  private SSLSocket layer(Socket raw) throws IOException {
    try {
      SSLSocket s = (SSLSocket) tls.createSocket(raw, null, raw.getPort(), true);
      s.setUseClientMode(false);
      s.setNeedClientAuth(true);
      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      return s;
    } catch (IOException | RuntimeException e) {
      raw.close(); // this one client only; keep accepting
      return null;
    }
  }

  @Override
  public Connection accept() throws IOException {
    Socket plain;
    SSLSocket layered;
    do {
      plain = server.accept();
      layered = layer(plain);
    } while (layered == null);
    SSLSocket s = layered;
    Socket raw = plain;
    return new Connection() {
      @Override
      public InputStream input() {
        try {
          return s.getInputStream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public OutputStream output() {
        try {
          return s.getOutputStream();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void shutdownOutput() throws IOException {
        s.shutdownOutput();
      }

      @Override
      public String describe() {
        return String.valueOf(s.getRemoteSocketAddress());
      }

      @Override
      public void close() throws IOException {
        s.close();
      }

      @Override
      public void abort() throws IOException {
        raw.close();
      }
    };
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
