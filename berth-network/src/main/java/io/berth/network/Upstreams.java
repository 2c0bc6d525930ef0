package io.berth.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's real DNS servers for the embedded DNS to forward to. When {@code /etc/resolv.conf}
 * names only systemd-resolved's stub ({@code 127.0.0.53}), the servers behind it are in
 * {@code /run/systemd/resolve/resolv.conf} (systemd-resolved.service(8), "/etc/resolv.conf").
 */
final class Upstreams {
  private Upstreams() {}

  static List<InetSocketAddress> read(Path resolvConf, Path resolvedConf) {
    List<String> servers = nameservers(resolvConf);
    if (servers.stream().allMatch(s -> s.startsWith("127.")) && Files.exists(resolvedConf)) {
      servers = nameservers(resolvedConf);
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : servers) {
      // berthd forwards from its own namespace, so IPv6 servers work too; loopback ones are
      // left out as the container's resolv.conf always left them out (never a host stub)
      boolean loopback = s.startsWith("127.") || s.equals("::1") || s.equals("0:0:0:0:0:0:0:1");
      if (!loopback && s.matches("[0-9A-Fa-f:.]+")) {
        out.add(new InetSocketAddress(s, 53));
      }
    }
    return out;
  }

  static List<String> nameservers(Path p) {
    List<String> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(p)) {
        String[] f = line.strip().split("\\s+");
        if (f.length >= 2 && f[0].equals("nameserver")) {
          out.add(f[1]);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }
}
