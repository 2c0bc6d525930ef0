package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.sys.Errno;
import io.berth.sys.SyscallException;
import io.berth.sys.UnixDatagram;

/**
 * A default bridge belongs to one live berthd per network namespace. The claim is an abstract
 * unix socket, {@code @berth/bridge/<name>}, bound for the daemon's life: the abstract namespace
 * is per network namespace, as bridge names are (a berthd under {@code unshare --net} claims
 * its own), it needs no file or permission (rootless too), and the kernel drops it when the
 * process dies, so a crash never blocks the next start. {@code ss -xlp | grep berth/bridge}
 * names the owner.
 *
 * <p>Without it, two daemons on one bridge stacked their gateways on it (different
 * {@code --bip}) or, without {@code --bip}, shared its subnet and gave containers the same
 * addresses. dockerd does not check either: a second dockerd replaces the bridge's address
 * (libnetwork {@code setupBridgeIPv4}) or adopts it (ADR 0146).
 */
public final class BridgeClaim implements AutoCloseable {
  private final UnixDatagram socket;

  private BridgeClaim(UnixDatagram socket) {
    this.socket = socket;
  }

  /**
   * Claims {@code bridge} for this process; {@code null} or {@code none} claim nothing.
   *
   * @throws BerthException.Conflict when another live process holds it
   */
  public static BridgeClaim take(String bridge) {
    BridgeClaim claim = tryTake(bridge);
    if (claim == null) {
      throw BerthException.conflict("bridge " + bridge + " is the default bridge of another"
          + " running berthd in this network namespace: give each daemon its own --bridge"
          + " (and --bip)");
    }
    return claim;
  }

  /** The claim, or null when another live process holds it. */
  public static BridgeClaim tryTake(String bridge) {
    if (bridge == null || bridge.isEmpty() || bridge.equals("none")) {
      return new BridgeClaim(null);
    }
    try {
      return new BridgeClaim(UnixDatagram.bound(address(bridge)));
    } catch (SyscallException e) {
      if (e.errno() == Errno.EADDRINUSE) {
        return null;
      }
      throw BerthException.internal("claim bridge " + bridge + ": " + Messages.of(e), e);
    }
  }

  static String address(String bridge) {
    return "@berth/bridge/" + bridge;
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
    }
  }
}
