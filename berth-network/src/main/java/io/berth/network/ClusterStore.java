package io.berth.network;

import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster's key-value store as overlay networks use it (ADR 0124): the few etcd v3
 * operations libnetwork used through libkv. {@link EtcdClient} speaks to etcd; tests use an
 * in-memory store. Keys and values are UTF-8 strings. Every call may throw
 * {@link io.berth.common.BerthException.Unavailable} when no store endpoint answers.
 */
public interface ClusterStore extends AutoCloseable {
  /** One key with its value, its modification revision and the lease it is bound to (0: none). */
  record KeyValue(String key, String value, long modRevision, long lease) {}

  /** The keys under {@code prefix}, sorted, and the store's revision they were read at. */
  record Range(List<KeyValue> kvs, long revision) {}

  /** Every key that starts with {@code prefix}. */
  Range range(String prefix);

  /**
   * Creates all of {@code puts} in one transaction when none of {@code absent} exists (etcd:
   * compare create_revision = 0 on each).
   *
   * @param lease the lease the new keys are bound to, 0 for none
   * @return false, writing nothing, when one of {@code absent} exists
   */
  boolean createAll(List<String> absent, List<KeyValue> puts, long lease);

  /** Writes one key (replacing it), bound to {@code lease} (0: none). */
  void put(String key, String value, long lease);

  /** Deletes the keys; absent ones are fine. */
  void delete(List<String> keys);

  /** Grants a lease that expires {@code ttlSeconds} after its last keep-alive; its id. */
  long grant(int ttlSeconds);

  /** Renews the lease; false when it has expired (its keys are gone). */
  boolean keepAlive(long lease);

  /** Revokes the lease: its keys are deleted at once. */
  void revoke(long lease);

  /**
   * Calls {@code changed} with the revision of every change under {@code prefix} after
   * {@code revision} (0: from now), on a thread of its own, until {@link Watch#close()} or until the stream
   * breaks ({@code broken} is then called once; watch again after a full read).
   */
  Watch watch(String prefix, long revision, Consumer<Long> changed, Runnable broken);

  /** An open watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  void close();
}
