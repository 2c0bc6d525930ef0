/**
 * Container networking: bridges, veth pairs and per-container network namespaces
 * ({@link io.berth.network.BridgeDriver}, {@link io.berth.network.Netns}), addresses
 * ({@link io.berth.network.Ipam}, {@link io.berth.network.AddressPools}), the nftables ruleset
 * ({@link io.berth.network.NftRuleset} renders, {@link io.berth.network.NftablesFirewall}
 * applies), the embedded DNS server ({@link io.berth.network.DnsServer}), and the facade the
 * engine and the API server call ({@link io.berth.network.NetworkService}).
 */
package io.berth.network;
