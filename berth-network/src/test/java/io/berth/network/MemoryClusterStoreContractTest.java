package io.berth.network;

/** The in-memory store the overlay tests run on keeps the contract etcd keeps. */
class MemoryClusterStoreContractTest extends ClusterStoreContract {
  @Override
  protected ClusterStore open() {
    return new MemoryClusterStore();
  }
}
