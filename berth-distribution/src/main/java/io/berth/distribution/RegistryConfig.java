package io.berth.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What daemon.json says about registries.
 *
 * @param insecureRegistries {@code insecure-registries}: {@code host[:port]} or CIDRs whose
 *     registries may have certificates berth cannot verify, or speak plain HTTP (HTTPS is tried
 *     first, as Docker does); 127.0.0.0/8 (and {@code localhost}) always is, as in Docker
 * @param dockerMirrors {@code registry-mirrors}: mirrors of docker.io, tried in order
 * @param mirrorMap {@code registry-mirror-map}: mirrors of any other registry, keyed by
 *     {@code host[:port]} as written in image references
 * @param certsDirs where {@code <host:port>/ca.crt} files are looked up, in order
 */
public record RegistryConfig(List<String> insecureRegistries, List<URI> dockerMirrors,
    Map<String, List<URI>> mirrorMap, List<Path> certsDirs) {

  public static final String DOCKER_IO = "docker.io";
  /** Where docker.io's API actually lives. */
  public static final String DOCKER_IO_API = "registry-1.docker.io";

  public static final List<Path> DEFAULT_CERTS_DIRS =
      List.of(Path.of("/etc/berth/certs.d"), Path.of("/etc/docker/certs.d"));

  public RegistryConfig {
    insecureRegistries = List.copyOf(insecureRegistries);
    dockerMirrors = List.copyOf(dockerMirrors);
    mirrorMap = Map.copyOf(mirrorMap);
    certsDirs = List.copyOf(certsDirs);
  }

  public static RegistryConfig defaults() {
    return new RegistryConfig(List.of(), List.of(), Map.of(), DEFAULT_CERTS_DIRS);
  }

  /** The mirrors to try before {@code host} itself, in order. */
  public List<URI> mirrors(String host) {
    return host.equals(DOCKER_IO) ? dockerMirrors : mirrorMap.getOrDefault(host, List.of());
  }

  /** Where a registry's API is: docker.io's is registry-1.docker.io. */
  public static String apiHost(String host) {
    return host.equals(DOCKER_IO) || host.equals("index.docker.io") ? DOCKER_IO_API : host;
  }

  /** True for the loopback range, {@code localhost} and any entry of insecure-registries. */
  public boolean isInsecure(String hostPort) {
    String host = hostOnly(hostPort);
    if (host.equals("localhost") || insecureRegistries.contains(hostPort)
        || insecureRegistries.contains(host)) {
      return true;
    }
    if (!looksLikeIp(host)) {
      return false;
    }
    try {
      InetAddress ip = InetAddress.getByName(host);
      if (ip.isLoopbackAddress()) {
        return true;
      }
      for (String entry : insecureRegistries) {
        if (entry.contains("/") && Cidr.parse(entry).contains(ip)) {
          return true;
        }
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  static String hostOnly(String hostPort) {
    if (hostPort.startsWith("[")) {
      return hostPort.substring(1, hostPort.indexOf(']'));
    }
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  private static boolean looksLikeIp(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** An IPv4 or IPv6 network. */
  record Cidr(byte[] network, int bits) {
    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      try {
        return new Cidr(InetAddress.getByName(text.substring(0, slash)).getAddress(),
            Integer.parseInt(text.substring(slash + 1)));
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("invalid CIDR " + text);
      }
    }

    boolean contains(InetAddress ip) {
      byte[] a = ip.getAddress();
      if (a.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
