package io.berth.cri;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The CRI's gRPC server on a unix socket (netty's epoll domain sockets, ADR 0121). Calls run on
 * virtual threads: each may wait for a pull, a runtime or a CNI plugin.
 */
public final class CriServer implements AutoCloseable {
  /**
   * gRPC asks every accepted channel for SO_KEEPALIVE, which a unix socket has not, and netty
   * logs a warning for each connection; kept here so the setting is not collected away.
   */
  private static final java.util.logging.Logger BOOTSTRAP = quiet(
      "io.grpc.netty.shaded.io.netty.bootstrap.ServerBootstrap");

  private final Server server;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Path socket;

  private final AutoCloseable streaming;

  private CriServer(Server server, EventLoopGroup boss, EventLoopGroup workers, Path socket,
      AutoCloseable streaming) {
    this.streaming = streaming;
    this.server = server;
    this.boss = boss;
    this.workers = workers;
    this.socket = socket;
  }

  /** Binds {@code socket} (a stale file there is replaced) and serves both CRI services. */
  public static CriServer start(Path socket, RuntimeApi runtime, ImageApi images,
      AutoCloseable streaming) throws IOException {
    Files.createDirectories(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    EventLoopGroup boss = new EpollEventLoopGroup(1);
    EventLoopGroup workers = new EpollEventLoopGroup(2);
    Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .maxInboundMessageSize(16 << 20)
        .addService(runtime)
        .addService(images)
        .build()
        .start();
    Files.setPosixFilePermissions(socket,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    return new CriServer(server, boss, workers, socket, streaming);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
    l.setLevel(java.util.logging.Level.SEVERE);
    return l;
  }

  public Path socket() {
    return socket;
  }

  @Override
  public void close() {
    try {
      streaming.close();
    } catch (Exception e) {
      // the listener is gone either way
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // the socket file is only a name; a later start replaces it
    }
  }
}
