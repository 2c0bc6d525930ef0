package io.berth.engine;

import io.berth.common.AtomicFiles;
import io.berth.common.Messages;
import io.berth.network.ContainerNetworking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files bind-mounted into a container at {@code /etc/hostname}, {@code /etc/hosts} and
 * {@code /etc/resolv.conf}, written at create as Docker does ({@code libnetwork/etchosts},
 * {@code libnetwork/resolvconf}).
 */
final class HostFiles {
  private final Path hostResolvConf;

  /** @param hostResolvConf the host's resolv.conf, normally {@code /etc/resolv.conf} */
  HostFiles(Path hostResolvConf) {
    this.hostResolvConf = hostResolvConf;
  }

  void write(Path dir, String hostname, String domainname, String ip) {
    AtomicFiles.replaceString(dir.resolve("hostname"), hostname + "\n");
    AtomicFiles.replaceString(dir.resolve("hosts"), hosts(hostname, domainname, ip));
    AtomicFiles.replaceString(dir.resolve("resolv.conf"), resolvConf(read(hostResolvConf)));
  }

  /**
   * At start, once the network is set up: the hosts file with the container's own address and
   * {@code --add-host} lines ({@code host-gateway} = the network's gateway), and resolv.conf
   * with the embedded DNS of a user-defined network or {@code --dns}, plus
   * {@code --dns-search} and {@code --dns-option}, as Docker writes them.
   */
  void writeForStart(Path dir, ContainerConfig config, HostConfig host,
      ContainerNetworking.Attachment net, List<String> linkLines) {
    // Docker's order: the defaults, --add-host lines, links, then the container's own address
    StringBuilder hosts = new StringBuilder(hosts(config.hostname(), config.domainname(),
        null));
    for (String extra : host.strings(HostConfig.Extra.EXTRA_HOSTS)) {
      int colon = extra.indexOf(':');
      if (colon > 0) {
        String ip = extra.substring(colon + 1);
        if (ip.equals("host-gateway") && net.gateway() != null) {
          ip = net.gateway();
        }
        hosts.append(ip).append('\t').append(extra, 0, colon).append('\n');
      }
    }
    linkLines.forEach(l -> hosts.append(l).append('\n'));
    String own = hosts(config.hostname(), config.domainname(), net.ip());
    hosts.append(own, hosts(config.hostname(), config.domainname(), null).length(),
        own.length());
    AtomicFiles.replaceString(dir.resolve("hosts"), hosts.toString());
    // written at create without fsync: after a host crash they may be empty, so make them again
    if (empty(dir.resolve("hostname"))) {
      AtomicFiles.replaceString(dir.resolve("hostname"), config.hostname() + "\n");
    }
    if (empty(dir.resolve("resolv.conf"))) {
      AtomicFiles.replaceString(dir.resolve("resolv.conf"), resolvConf(read(hostResolvConf)));
    }
    List<String> dns = host.strings(HostConfig.Extra.DNS);
    List<String> search = host.strings(HostConfig.Extra.DNS_SEARCH);
    List<String> options = host.strings(HostConfig.Extra.DNS_OPTIONS);
    if (net.nameservers() == null && dns.isEmpty() && search.isEmpty() && options.isEmpty()) {
      return;
    }
    List<String> hostLines = read(hostResolvConf);
    List<String> out = new ArrayList<>();
    List<String> searchLine = search.isEmpty() ? lines(hostLines, "search")
        : List.of("search " + String.join(" ", search));
    List<String> optionWords = new ArrayList<>(options);
    if (options.isEmpty()) {
      for (String l : lines(hostLines, "options")) {
        optionWords.addAll(List.of(l.strip().split("\\s+")).subList(1, l.strip()
            .split("\\s+").length));
      }
    }
    // Docker's order (libnetwork/resolvconf.Build): search, nameservers, options. With the
    // embedded DNS (user networks) the servers are 127.0.0.11 and --dns are its upstreams;
    // ndots:0 is added unless an ndots option is given (sandbox_dns_unix.go, rebuildDNS).
    out.addAll(searchLine);
    if (net.nameservers() != null) {
      net.nameservers().forEach(x -> out.add("nameserver " + x));
      if (optionWords.stream().noneMatch(o -> o.startsWith("ndots:"))) {
        optionWords.add("ndots:0");
      }
    } else if (dns.isEmpty()) {
      resolvConf(hostLines).lines().filter(l -> l.strip().startsWith("nameserver"))
          .forEach(out::add);
    } else {
      dns.forEach(x -> out.add("nameserver " + x));
    }
    if (!optionWords.isEmpty()) {
      out.add("options " + String.join(" ", optionWords));
    }
    AtomicFiles.replaceString(dir.resolve("resolv.conf"), String.join("\n", out) + "\n");
  }

  private static boolean empty(Path p) {
    try {
      return Files.size(p) == 0;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Rewrites a resolv.conf for the embedded DNS: its nameservers become {@code 127.0.0.11},
   * search and options stay, {@code ndots:0} is added unless an ndots is set. In place
   * (truncate and write): the file is bind-mounted into the container, and a renamed file
   * would not be the one the container sees.
   */
  static void useEmbeddedDns(Path resolvConf) {
    List<String> old = read(resolvConf);
    if (old.stream().anyMatch(l -> l.strip().equals("nameserver 127.0.0.11"))) {
      return;
    }
    List<String> out = new ArrayList<>(lines(old, "search"));
    out.add("nameserver 127.0.0.11");
    List<String> opts = new ArrayList<>();
    for (String l : lines(old, "options")) {
      String[] f = l.strip().split("\\s+");
      opts.addAll(List.of(f).subList(1, f.length));
    }
    if (opts.stream().noneMatch(o -> o.startsWith("ndots:"))) {
      opts.add("ndots:0");
    }
    out.add("options " + String.join(" ", opts));
    try {
      Files.writeString(resolvConf, String.join("\n", out) + "\n");
    } catch (IOException e) {
      throw io.berth.common.BerthException.internal("rewrite " + resolvConf + ": "
          + Messages.of(e), e);
    }
  }

  private static List<String> lines(List<String> lines, String keyword) {
    return lines.stream().filter(l -> l.strip().startsWith(keyword + " ")
        || l.strip().startsWith(keyword + "\t")).toList();
  }

  static String hosts(String hostname, String domainname, String ip) {
    String names = domainname == null || domainname.isEmpty() ? hostname
        : hostname + "." + domainname + " " + hostname;
    StringBuilder sb = new StringBuilder()
        .append("127.0.0.1\tlocalhost\n")
        .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
        .append("fe00::0\tip6-localnet\n")
        .append("ff00::0\tip6-mcastprefix\n")
        .append("ff02::1\tip6-allnodes\n")
        .append("ff02::2\tip6-allrouters\n");
    if (ip != null && !ip.isEmpty()) {
      sb.append(ip).append('\t').append(names).append('\n');
    }
    return sb.toString();
  }

  /**
   * The host's resolv.conf without loopback nameservers (127.0.0.53 of systemd-resolved is not
   * reachable from the container's network namespace); when none is left, Google's, as
   * Docker's {@code resolvconf.FilterResolvDNS} does.
   */
  static String resolvConf(List<String> hostLines) {
    List<String> out = new ArrayList<>();
    boolean nameserver = false;
    for (String line : hostLines) {
      String t = line.strip();
      if (t.startsWith("nameserver")) {
        String[] f = t.split("\\s+");
        if (f.length < 2 || isLoopback(f[1])) {
          continue;
        }
        nameserver = true;
      }
      out.add(line);
    }
    if (!nameserver) {
      out.add("nameserver 8.8.8.8");
      out.add("nameserver 8.8.4.4");
    }
    return String.join("\n", out) + "\n";
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1");
  }

  private static List<String> read(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
