package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.engine.spec.ResourceLimits;
import io.berth.engine.store.StoreJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resource fields of a {@link HostConfig} (moby {@code Resources}); also the body of
 * {@code POST /containers/{id}/update}, which the API server maps from Docker's JSON. Most of
 * these fields sit among the host config's unnamed ones, under Docker's names, where
 * {@code hostconfig.json} keeps them (ADR 0139); the store, which knows those names, reads them
 * out ({@link #of}) and writes them back ({@link #applyTo}), so no name is spelt here (ADR 0145).
 */
public record ResourceConfig(
    Long memory,
    Long memorySwap,
    Long memoryReservation,
    Long kernelMemory,
    Long memorySwappiness,
    Boolean oomKillDisable,
    Long nanoCpus,
    Long cpuShares,
    Long cpuPeriod,
    Long cpuQuota,
    String cpusetCpus,
    String cpusetMems,
    Long pidsLimit,
    Integer blkioWeight,
    List<WeightDevice> blkioWeightDevice,
    List<ThrottleDevice> blkioDeviceReadBps,
    List<ThrottleDevice> blkioDeviceWriteBps,
    List<ThrottleDevice> blkioDeviceReadIOps,
    List<ThrottleDevice> blkioDeviceWriteIOps,
    HostConfig.RestartPolicy restartPolicy) {

  /** {@code --blkio-weight-device}. */
  public record WeightDevice(String path, int weight) {}

  /** {@code --device-read-bps} and the other throttles: bytes or operations per second. */
  public record ThrottleDevice(String path, long rate) {}

  /** The resource settings of {@code h}; an unset one is null. */
  public static ResourceConfig of(HostConfig h) {
    return StoreJson.resources(h);
  }

  /** {@code h} with every non-null field of this record written over its own. */
  public HostConfig applyTo(HostConfig h) {
    return StoreJson.withResources(h, this);
  }

  /** The limits for the spec; device paths become their major:minor (404-ish 400 if absent). */
  public ResourceLimits limits() {
    return new ResourceLimits(n(memory), n(memorySwap), n(memoryReservation), memorySwappiness,
        oomKillDisable, n(nanoCpus), n(cpuShares), n(cpuPeriod), n(cpuQuota), cpusetCpus,
        cpusetMems, pidsLimit, blkioWeight == null ? 0 : blkioWeight,
        blkioWeightDevice == null ? null : blkioWeightDevice.stream().map(d -> {
          long[] mm = deviceNumbers(d.path());
          return new ResourceLimits.DeviceWeight(mm[0], mm[1], d.weight());
        }).toList(),
        rates(blkioDeviceReadBps), rates(blkioDeviceWriteBps), rates(blkioDeviceReadIOps),
        rates(blkioDeviceWriteIOps));
  }

  private static List<ResourceLimits.DeviceRate> rates(List<ThrottleDevice> l) {
    return l == null ? null : l.stream().map(d -> {
      long[] mm = deviceNumbers(d.path());
      return new ResourceLimits.DeviceRate(mm[0], mm[1], d.rate());
    }).toList();
  }

  /**
   * A block device's major and minor numbers from its {@code st_rdev} (glibc's
   * {@code gnu_dev_major}/{@code gnu_dev_minor} split), as moby's {@code getBlkioThrottleDevices}.
   */
  static long[] deviceNumbers(String path) {
    try {
      Path p = Path.of(path);
      String type = Files.isRegularFile(p) || Files.isDirectory(p) ? "other" : "device";
      long rdev = ((Number) Files.getAttribute(p, "unix:rdev")).longValue();
      if (type.equals("other") || rdev == 0) {
        throw BerthException.invalid(path + " is not a device");
      }
      long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
      long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
      return new long[] {major, minor};
    } catch (IOException | UnsupportedOperationException e) {
      throw BerthException.invalid("error getting device number of " + path + ": "
          + e.getMessage());
    }
  }

  /** The few fields create adapts, all others left null. */
  static final class Builder {
    Long kernelMemory;
    Long memorySwap;
    Long memorySwappiness;
    Boolean oomKillDisable;

    boolean isEmpty() {
      return kernelMemory == null && memorySwap == null && memorySwappiness == null
          && oomKillDisable == null;
    }

    ResourceConfig build() {
      return new ResourceConfig(null, memorySwap, null, kernelMemory, memorySwappiness,
          oomKillDisable, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null);
    }
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
