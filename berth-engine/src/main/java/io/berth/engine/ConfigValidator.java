package io.berth.engine;

import io.berth.common.BerthException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Rejects settings berth cannot honour yet with 400 naming the field, instead of running a
 * container that silently lacks them; and checks values the way moby's
 * {@code daemon/container.go verifyContainerSettings} does.
 */
final class ConfigValidator {
  private ConfigValidator() {}

  static void validate(ContainerConfig c, HostConfig h) {
    if (c.image() == null || c.image().isBlank()) {
      throw BerthException.invalid("Config.Image: an image name is required");
    }
    io.berth.engine.spec.DeviceRules.parse(h.deviceCgroupRules());
    for (var mode : Map.of("HostConfig.IpcMode", nz(h.ipcMode())).entrySet()) {
      if (mode.getValue().startsWith("container:")) {
        throw BerthException.invalid(mode.getKey() + ": joining another container's namespace"
            + " is not supported by berth yet");
      }
    }
    if (h.memory() < 0 || h.memorySwap() < -1 || h.nanoCpus() < 0 || h.shmSize() < 0) {
      throw BerthException.invalid("HostConfig: resource limits must not be negative");
    }
    if (h.memory() > 0 && h.memory() < 6 * 1024 * 1024) {
      throw BerthException.invalid("Minimum memory limit allowed is 6MB");
    }
    if (c.stopSignal() != null && !c.stopSignal().isEmpty()) {
      Signals.parse(c.stopSignal(), Signals.SIGTERM);
    }
    String policy = h.restartPolicy().name();
    if (!Set.of("", "no", "always", "unless-stopped", "on-failure").contains(policy)) {
      throw BerthException.invalid("invalid restart policy '" + policy + "'");
    }
    if (h.autoRemove() && !Set.of("", "no").contains(policy)) {
      throw BerthException.invalid("can't create 'AutoRemove' container with restart policy");
    }
  }

  private static void unsupported(String field, Collection<?> value, String what) {
    if (value != null && !value.isEmpty()) {
      throw BerthException.invalid(field + ": " + what + " are not supported by berth yet");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
