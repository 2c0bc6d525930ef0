package io.berth.api.server.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A unix-domain socket listener (JEP 380); the socket file is removed on close. */
public final class UnixListener implements Listener {
  private final Path path;
  private final ServerSocketChannel server;
  /** Whether the socket file is this listener's to remove (not systemd's). */
  private final boolean owned;

  private UnixListener(Path path, ServerSocketChannel server, boolean owned) {
    this.path = path;
    this.server = server;
    this.owned = owned;
  }

  /**
   * A socket bound by someone else (systemd's socket activation): served as it is, its file
   * left in place on close.
   */
  public static UnixListener adopt(ServerSocketChannel bound) throws IOException {
    Path p = bound.getLocalAddress() instanceof UnixDomainSocketAddress u ? u.getPath() : null;
    if (p == null) {
      throw new IOException("the inherited socket is not a unix socket: "
          + bound.getLocalAddress());
    }
    return new UnixListener(p, bound, false);
  }

  /**
   * Binds {@code path}, replacing a stale socket file left by a crashed daemon. A socket that
   * a live process answers on is refused, not replaced: the instance lock guards one root, but
   * a second daemon on another root may be given the same socket (dockerd would unlink it and
   * leave the first daemon unreachable).
   */
  public static UnixListener bind(Path path) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    if (answers(path)) {
      throw new IOException("listen unix " + path + ": bind: address already in use"
          + " (a running daemon listens on it)");
    }
    Files.deleteIfExists(path);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(path), 512);
    return new UnixListener(path, ch, true);
  }

  private static boolean answers(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return probe.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      return false; // refused (stale) or not a socket: ours to replace
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public Connection accept() throws IOException {
    return new ChannelConnection(server.accept());
  }

  @Override
  public String address() {
    return "unix://" + path;
  }

  @Override
  public void close() throws IOException {
    server.close();
    if (owned) {
      Files.deleteIfExists(path);
    }
  }
}
