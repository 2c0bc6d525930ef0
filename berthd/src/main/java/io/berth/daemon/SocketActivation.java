package io.berth.daemon;

import io.berth.api.server.http.UnixListener;
import io.berth.sys.InheritedSocket;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * {@code -H fd://}: the API socket systemd bound and passed (ADR 0126), by sd_listen_fds(3)'s
 * contract: {@code LISTEN_PID} is this process, {@code LISTEN_FDS} sockets start at fd 3,
 * {@code LISTEN_FDNAMES} names them. berthd takes one unix socket, as dockerd's docker.socket
 * passes: {@code fd://}, {@code fd://3} or {@code fd://<its FileDescriptorName>}.
 */
final class SocketActivation {
  static final int FIRST_FD = 3;

  private SocketActivation() {}

  /** Checks the environment for {@code host} and returns the fd to serve. */
  static int fd(String host, Map<String, String> env, long pid) {
    String pidVar = env.get("LISTEN_PID");
    String fdsVar = env.get("LISTEN_FDS");
    if (pidVar == null || fdsVar == null || !pidVar.equals(Long.toString(pid))) {
      throw new ConfigException("no sockets found via socket activation: make sure the service "
          + "was started by systemd");
    }
    int count;
    try {
      count = Integer.parseInt(fdsVar);
    } catch (NumberFormatException e) {
      throw new ConfigException("invalid LISTEN_FDS " + fdsVar);
    }
    if (count != 1) {
      throw new ConfigException("berthd takes one socket from systemd, LISTEN_FDS is " + count);
    }
    String want = host.substring("fd://".length());
    String name = env.getOrDefault("LISTEN_FDNAMES", "");
    if (!want.isEmpty() && !want.equals(Integer.toString(FIRST_FD)) && !want.equals(name)) {
      throw new ConfigException("no socket " + want + " among the activated sockets ("
          + (name.isEmpty() ? "fd " + FIRST_FD : name) + ")");
    }
    return FIRST_FD;
  }

  /** Adopts the passed socket as a listener; its file stays systemd's. */
  static UnixListener listener(String host) throws IOException {
    int fd = fd(host, System.getenv(), ProcessHandle.current().pid());
    Channel ch = InheritedSocket.adopt(fd);
    if (!(ch instanceof ServerSocketChannel server)) {
      throw new ConfigException("the socket passed by systemd is not a listening stream socket");
    }
    return UnixListener.adopt(server);
  }
}
