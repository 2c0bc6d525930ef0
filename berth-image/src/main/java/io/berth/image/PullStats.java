package io.berth.image;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the pulls of this daemon fetched: layer and config bytes read from registries and the
 * time spent reading them (throughput is one over the other). For berthd's metrics (ADR 0135).
 */
public final class PullStats {
  private final LongAdder bytes = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  void add(long n, long tookNanos) {
    bytes.add(n);
    nanos.add(tookNanos);
  }

  public long bytes() {
    return bytes.sum();
  }

  public double seconds() {
    return nanos.sum() / 1e9;
  }
}
