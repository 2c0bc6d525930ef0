package io.berth.network;

/** berth's own firewall table. {@link NftablesFirewall} writes it with {@code nft -f}. */
public interface Firewall {
  /** Replaces the table with {@code state}'s rules, in one transaction. */
  void apply(FirewallState state);

  /** Puts the table back when another tool flushed or deleted it. */
  void repair(FirewallState state);
}
