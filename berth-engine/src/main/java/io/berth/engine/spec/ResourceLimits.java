package io.berth.engine.spec;

import java.util.List;

/**
 * Docker's {@code HostConfig} resource fields (moby {@code api/types/container/hostconfig.go
 * Resources}) as the spec needs them: device paths already resolved to major:minor numbers.
 * Zero / null means "not set", as in Docker.
 *
 * @param memorySwap memory + swap in bytes; -1 = unlimited swap
 * @param memorySwappiness 0–100, null = the kernel's default
 * @param oomKillDisable null = not set
 * @param nanoCpus CPUs × 10⁹ ({@code --cpus}); sets a 100 ms CFS period
 * @param pidsLimit null = not set; 0 or negative = unlimited
 */
public record ResourceLimits(
    long memory,
    long memorySwap,
    long memoryReservation,
    Long memorySwappiness,
    Boolean oomKillDisable,
    long nanoCpus,
    long cpuShares,
    long cpuPeriod,
    long cpuQuota,
    String cpusetCpus,
    String cpusetMems,
    Long pidsLimit,
    int blkioWeight,
    List<DeviceWeight> blkioWeightDevice,
    List<DeviceRate> readBps,
    List<DeviceRate> writeBps,
    List<DeviceRate> readIops,
    List<DeviceRate> writeIops) {

  /** No limits at all. */
  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, null, null, 0, 0, 0, 0,
      null, null, null, 0, null, null, null, null, null);

  public ResourceLimits {
    blkioWeightDevice = blkioWeightDevice == null ? List.of() : List.copyOf(blkioWeightDevice);
    readBps = readBps == null ? List.of() : List.copyOf(readBps);
    writeBps = writeBps == null ? List.of() : List.copyOf(writeBps);
    readIops = readIops == null ? List.of() : List.copyOf(readIops);
    writeIops = writeIops == null ? List.of() : List.copyOf(writeIops);
  }

  /** {@code --blkio-weight-device /dev/sda:200}, resolved. */
  public record DeviceWeight(long major, long minor, int weight) {}

  /** {@code --device-read-bps /dev/sda:1mb} and friends, resolved. */
  public record DeviceRate(long major, long minor, long rate) {}
}
