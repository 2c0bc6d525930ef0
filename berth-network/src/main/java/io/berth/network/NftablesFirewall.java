package io.berth.network;

import io.berth.common.Command;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a {@link FirewallState} with {@code nft -f -}: one atomic transaction that replaces
 * berth's own table and touches no other. {@link #intact} tells whether someone flushed or
 * deleted the table since (a firewall reload), so berthd can put it back.
 */
public final class NftablesFirewall implements Firewall {
  private static final Logger LOG = Logger.getLogger(NftablesFirewall.class.getName());

  private String lastApplied;

  /** Replaces the table with {@code state}'s rules. */
  @Override
  public synchronized void apply(FirewallState state) {
    String text = NftRuleset.render(state);
    Command.run(text, "nft", "-f", "-");
    lastApplied = text;
  }

  /**
   * True when the table holds the chains berth last wrote. A flushed table keeps its chains'
   * names but loses their rules; the check looks at both.
   */
  public synchronized boolean intact(FirewallState state) {
    Command.Result r = Command.tryRun(null, "nft", "list", "table", "ip", state.table());
    if (r.code() != 0) {
      return false;
    }
    return r.out().contains("jump published") && r.out().contains("chain forward")
        && r.out().contains("chain postrouting")
        && (state.ports().isEmpty() || r.out().contains("dnat to"))
        && (state.bridges().isEmpty() || r.out().contains("masquerade"));
  }

  /** Puts the table back when it is not {@link #intact}; logs what it did. */
  @Override
  public synchronized void repair(FirewallState state) {
    if (!intact(state)) {
      LOG.log(Level.WARNING, "nftables table ip " + state.table()
          + " was missing or flushed; restoring it");
      apply(state);
    }
  }

  /** Deletes the table (nothing when it is absent). */
  public synchronized void delete(String table) {
    Command.tryRun(null, "nft", "delete", "table", "ip", table);
    lastApplied = null;
  }

  String lastApplied() {
    return lastApplied;
  }
}
