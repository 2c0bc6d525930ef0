package io.berth.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterStore} does, as etcd v3 does it: {@link EtcdClientTest} runs it on a
 * real etcd (tier 3), {@code MemoryClusterStoreContractTest} on the in-memory store the overlay
 * tests use. Each test keeps to a key prefix of its own, so a store may be shared.
 */
public abstract class ClusterStoreContract {
  protected ClusterStore store;

  /** The store under test. */
  protected abstract ClusterStore open() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = open();
  }

  private static ClusterStore.KeyValue kv(String k, String v) {
    return new ClusterStore.KeyValue(k, v, 0, 0);
  }

  @Test
  void createAllWritesEveryKeyOnceAndNothingWhenOneExists() {
    assertThat(store.createAll(List.of("/c/a", "/c/b"), List.of(kv("/c/a", "1"),
        kv("/c/b", "é2")), 0)).isTrue();
    assertThat(store.createAll(List.of("/c/b", "/c/z"), List.of(kv("/c/b", "x"),
        kv("/c/z", "y")), 0)).isFalse();
    assertThat(store.range("/c/").kvs()).extracting(ClusterStore.KeyValue::key,
        ClusterStore.KeyValue::value).containsExactly(
            org.assertj.core.groups.Tuple.tuple("/c/a", "1"),
            org.assertj.core.groups.Tuple.tuple("/c/b", "é2"));
    assertThat(store.range("/c/a").kvs()).hasSize(1);
    store.delete(List.of("/c/a", "/c/b", "/c/none"));
    assertThat(store.range("/c/").kvs()).isEmpty();
  }

  @Test
  void keysOnALeaseGoWhenItIsRevokedAndAGoneLeaseIsNotRenewed() {
    long lease = store.grant(30);
    store.put("/l/k", "v", lease);
    assertThat(store.range("/l/").kvs().getFirst().lease()).isEqualTo(lease);
    assertThat(store.keepAlive(lease)).isTrue();
    store.revoke(lease);
    assertThat(store.range("/l/").kvs()).isEmpty();
    assertThat(store.keepAlive(lease)).isFalse();
    assertThatThrownBy(() -> store.revoke(lease))
        .isInstanceOf(BerthException.Unavailable.class).hasMessageContaining("lease not found");
  }

  @Test
  void aWatchReportsPutsAndDeletesUnderItsPrefixOnly() throws Exception {
    LinkedBlockingQueue<Long> changes = new LinkedBlockingQueue<>();
    try (ClusterStore.Watch w = store.watch("/w/", 0, changes::add, () -> { })) {
      Thread.sleep(300); // the watch is created when etcd has read the request
      store.put("/other", "x", 0);
      store.put("/w/a", "1", 0);
      Long put = changes.poll(5, TimeUnit.SECONDS);
      assertThat(put).isNotNull();
      store.delete(List.of("/w/a"));
      Long del = changes.poll(5, TimeUnit.SECONDS);
      assertThat(del).isNotNull().isGreaterThan(put);
      assertThat(changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
