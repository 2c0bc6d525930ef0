package io.berth.daemon;

import io.berth.api.server.http.Listener;
import io.berth.api.server.http.UnixListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/** Turns {@code -H} addresses into bound listeners; tcp:// only with TLS client verification. */
final class Listeners {
  private Listeners() {}

  /** Refuses a bad host list before anything is bound. */
  static void validate(DaemonConfig config) {
    for (String host : config.hosts()) {
      if (host.startsWith("unix://")) {
        if (host.length() <= "unix://".length()) {
          throw new ConfigException("invalid host " + host + ": empty socket path");
        }
      } else if (host.startsWith("fd://")) {
        if (config.hosts().stream().filter(h -> h.startsWith("fd://")).count() > 1) {
          throw new ConfigException("invalid hosts: berthd takes one fd:// host");
        }
      } else if (host.startsWith("tcp://")) {
        DaemonConfig.Tls tls = config.tls();
        if (!tls.verify() || tls.ca() == null || tls.cert() == null || tls.key() == null) {
          throw new ConfigException("refusing to listen on " + host + " without TLS: "
              + "a tcp:// host needs --tlsverify with --tlscacert, --tlscert and --tlskey "
              + "(anyone who can reach an unprotected API socket is root on this host)");
        }
      } else {
        throw new ConfigException("invalid host " + host
            + ": only unix://, fd:// and tcp:// are supported");
      }
    }
  }

  static List<Listener> bind(DaemonConfig config) throws IOException {
    List<Listener> out = new ArrayList<>();
    try {
      for (String host : config.hosts()) {
        if (host.startsWith("unix://")) {
          UnixListener l = UnixListener.bind(Path.of(host.substring("unix://".length())));
          out.add(l);
          secure(l.path(), config);
        } else if (host.startsWith("fd://")) {
          out.add(SocketActivation.listener(host)); // systemd set its mode and group
        } else {
          URI uri = URI.create(host);
          out.add(TlsListener.bind(uri.getHost(), uri.getPort() < 0 ? 2376 : uri.getPort(),
              config.tls()));
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Listener l : out) {
        l.close();
      }
      throw e;
    }
    return out;
  }

  /** Mode 0660, group from {@code --group}; a missing default group leaves root's. */
  private static void secure(Path socket, DaemonConfig config) throws IOException {
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    try {
      GroupPrincipal g = socket.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByGroupName(config.group());
      Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(g);
    } catch (UserPrincipalNotFoundException e) {
      if (config.groupExplicit()) {
        throw new ConfigException("group " + config.group() + " not found: cannot set the owner "
            + "of " + socket);
      }
    }
  }
}
