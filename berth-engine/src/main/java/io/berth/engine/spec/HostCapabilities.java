package io.berth.engine.spec;

import io.berth.oci.runtime.RuntimeSpec;
import io.berth.oci.runtime.RuntimeSpec.Capabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A spec's capabilities cut to berthd's own bounding set. Why: runc fails a container with
 * "unable to apply caps: operation not permitted" when asked for a capability the daemon
 * cannot give (here root's bounding set lacks CAP_SYS_RESOURCE), so {@code --privileged} or
 * {@code --cap-add ALL} would never start; moby's {@code caps.GetAllCapabilities} likewise
 * takes "all" from the daemon's own bounding set. The generated spec stays host-independent
 * ({@link CapabilitySet}); this is applied when the bundle is written.
 */
final class HostCapabilities {
  private static final LongPredicate BOUNDING = bounding(Path.of("/proc/self/status"));

  private HostCapabilities() {}

  static RuntimeSpec clamp(RuntimeSpec spec) {
    RuntimeSpec.Process p = spec.process();
    if (p == null || p.capabilities() == null) {
      return spec;
    }
    Capabilities c = p.capabilities();
    Capabilities cut = new Capabilities(cut(c.bounding()), cut(c.effective()),
        cut(c.permitted()));
    if (cut.equals(c)) {
      return spec;
    }
    RuntimeSpec.Process q = new RuntimeSpec.Process(p.terminal(), p.user(), p.args(), p.env(),
        p.cwd(), cut, p.rlimits(), p.noNewPrivileges(), p.oomScoreAdj());
    return new RuntimeSpec(spec.ociVersion(), q, spec.root(), spec.hostname(), spec.mounts(),
        spec.linux());
  }

  static List<String> cut(List<String> caps) {
    return caps == null ? null : caps.stream().filter(n -> {
      int bit = CapabilitySet.ALL.indexOf(n);
      return bit < 0 || BOUNDING.test(bit);
    }).toList();
  }

  /** The {@code CapBnd} bits of {@code status}; all set when it cannot be read. */
  static LongPredicate bounding(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("CapBnd:")) {
          long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
          return bit -> (mask >>> bit & 1) == 1;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux's /proc: nothing is cut
    }
    return bit -> true;
  }
}
