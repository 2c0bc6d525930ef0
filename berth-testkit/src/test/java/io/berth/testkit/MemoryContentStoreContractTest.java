package io.berth.testkit;

import io.berth.content.ContentStore;
import io.berth.content.ContentStoreContract;

/** The fake content store keeps the contract the local store keeps. */
class MemoryContentStoreContractTest extends ContentStoreContract {
  @Override
  protected ContentStore newStore() {
    return new MemoryContentStore();
  }
}
