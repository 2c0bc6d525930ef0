package io.berth.volume;

import io.berth.sys.RecordingSyscalls;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local driver keeps the volume driver contract (tier 1: no device, no mount made). */
class LocalVolumeDriverContractTest extends VolumeDriverContract {
  @TempDir Path root;

  @Override
  protected VolumeDriver open() {
    return new LocalVolumeDriver(root.resolve("volumes"), new RecordingSyscalls());
  }
}
