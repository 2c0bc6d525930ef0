package io.berth.network;

/**
 * The layout of berth's keys in the cluster store (ADR 0124). Every network's keys are made in
 * one transaction that checks none exists, so a name, a VNI or a subnet is never taken twice.
 */
final class ClusterKeys {
  static final String ROOT = "/berth/";
  /** {@code <id>} → the {@link NetworkRecord} (driver overlay, its VNI in its options). */
  static final String NETWORKS = ROOT + "networks/";
  /** {@code <name>} → network id. */
  static final String NAMES = ROOT + "names/";
  /** {@code <vni>} → network id. */
  static final String VNIS = ROOT + "vnis/";
  /** {@code <subnet with _ for />} → network id. */
  static final String SUBNETS = ROOT + "subnets/";
  /** {@code <network>/<ip>} → {@link ClusterEndpoint}, under the host's lease. */
  static final String ENDPOINTS = ROOT + "endpoints/";
  /** {@code <advertise address>} → the host's name, under its lease. */
  static final String HOSTS = ROOT + "hosts/";

  private ClusterKeys() {}

  static String network(String id) {
    return NETWORKS + id;
  }

  static String name(String name) {
    return NAMES + name;
  }

  static String vni(int vni) {
    return VNIS + vni;
  }

  static String subnet(String cidr) {
    return SUBNETS + cidr.replace('/', '_');
  }
}
