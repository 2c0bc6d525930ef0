package io.berth.network;

import io.berth.common.Command;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a {@link FirewallState} with {@code nft -f -}: one atomic transaction that replaces
 * berth's own table and touches no other. {@link #intact} tells whether someone flushed or
 * deleted the table since (a firewall reload), so berthd can put it back.
 *
 * <p>A state that renders to the text last applied is not written again: most container starts
 * and stops (no published port) leave the table as it is, and each {@code nft} run costs a
 * process on the start and stop paths (ADR 0130). A table that another tool flushed meanwhile is
 * put back by {@link #repair} (berthd checks every 10 s) or by the next change.
 */
public final class NftablesFirewall implements Firewall {
  private static final Logger LOG = Logger.getLogger(NftablesFirewall.class.getName());

  private final Consumer<String> nft;
  private String lastApplied;

  public NftablesFirewall() {
    this(text -> Command.run(text, "nft", "-f", "-"));
  }

  /** For tests: {@code nft} runs a ruleset text. */
  NftablesFirewall(Consumer<String> nft) {
    this.nft = nft;
  }

  /** Replaces the table with {@code state}'s rules, unless they are the ones last applied. */
  @Override
  public synchronized void apply(FirewallState state) {
    String text = NftRuleset.render(state);
    if (text.equals(lastApplied)) {
      return;
    }
    write(text);
  }

  private void write(String text) {
    lastApplied = null;
    nft.accept(text);
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
      write(NftRuleset.render(state));
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
