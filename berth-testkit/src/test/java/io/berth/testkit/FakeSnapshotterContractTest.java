package io.berth.testkit;

import io.berth.snapshot.Snapshotter;
import io.berth.snapshot.SnapshotterContract;
import java.nio.file.Path;

/** The fake snapshotter keeps the contract the overlay snapshotter keeps. */
class FakeSnapshotterContractTest extends SnapshotterContract {
  @Override
  protected Snapshotter open(Path root) {
    return new FakeSnapshotter();
  }
}
