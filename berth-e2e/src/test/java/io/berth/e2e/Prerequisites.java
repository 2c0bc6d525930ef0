package io.berth.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a tier-4 test with containers needs; each missing piece skips the test with a reason. */
final class Prerequisites {
  private Prerequisites() {}

  /** The docker CLI, the busybox test image's source, root, conmon and runc. */
  static void assumeContainers() {
    assumeTrue(Cmd.dockerBinary() != null, "the docker CLI is not installed");
    assumeTrue(Images.busyboxAvailable(), "busybox-static is not installed");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "containers need root");
    for (String bin : List.of("/usr/bin/conmon", "/usr/sbin/runc")) {
      assumeTrue(Files.isExecutable(Path.of(bin)), bin + " is not installed");
    }
  }

  /** What containers need, and nftables and util-linux's unshare and nsenter for networks. */
  static void assumeNetworking() {
    assumeContainers();
    for (String bin : List.of("/usr/sbin/nft", "/usr/bin/unshare", "/usr/bin/nsenter")) {
      assumeTrue(Files.isExecutable(Path.of(bin)), bin + " is not installed");
    }
  }
}
