package io.berth.daemon;

import io.berth.common.Messages;
import io.berth.sys.UnixDatagram;
import java.lang.System.Logger.Level;

/**
 * sd_notify(3) for {@code Type=notify} (ADR 0126): one datagram to {@code NOTIFY_SOCKET}, as
 * dockerd sends {@code READY=1} once it serves and {@code STOPPING=1} when it begins to stop.
 * Without {@code NOTIFY_SOCKET} (not started by systemd) it does nothing.
 */
final class SystemdNotify {
  private static final System.Logger LOG = System.getLogger("berthd");

  private SystemdNotify() {}

  static void ready() {
    send("READY=1\nMAINPID=" + ProcessHandle.current().pid());
  }

  static void stopping() {
    send("STOPPING=1");
  }

  private static void send(String state) {
    String socket = System.getenv("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return;
    }
    try (UnixDatagram d = UnixDatagram.open()) {
      d.send(socket, state);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "notifying systemd at " + socket + ": " + Messages.of(e));
    }
  }
}
