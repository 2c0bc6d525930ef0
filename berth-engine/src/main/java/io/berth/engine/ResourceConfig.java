package io.berth.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.engine.spec.ResourceLimits;
import io.berth.engine.store.StoreJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resource fields of Docker's {@code HostConfig} (moby {@code Resources}), read from and
 * written back into a {@link HostConfig} by their JSON names: most of them live in its
 * {@code other} map, so the record stays as it is. Also the body of
 * {@code POST /containers/{id}/update}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceConfig(
    @JsonProperty("Memory") Long memory,
    @JsonProperty("MemorySwap") Long memorySwap,
    @JsonProperty("MemoryReservation") Long memoryReservation,
    @JsonProperty("KernelMemory") Long kernelMemory,
    @JsonProperty("MemorySwappiness") Long memorySwappiness,
    @JsonProperty("OomKillDisable") Boolean oomKillDisable,
    @JsonProperty("NanoCpus") Long nanoCpus,
    @JsonProperty("CpuShares") Long cpuShares,
    @JsonProperty("CpuPeriod") Long cpuPeriod,
    @JsonProperty("CpuQuota") Long cpuQuota,
    @JsonProperty("CpusetCpus") String cpusetCpus,
    @JsonProperty("CpusetMems") String cpusetMems,
    @JsonProperty("PidsLimit") Long pidsLimit,
    @JsonProperty("BlkioWeight") Integer blkioWeight,
    @JsonProperty("BlkioWeightDevice") List<WeightDevice> blkioWeightDevice,
    @JsonProperty("BlkioDeviceReadBps") List<ThrottleDevice> blkioDeviceReadBps,
    @JsonProperty("BlkioDeviceWriteBps") List<ThrottleDevice> blkioDeviceWriteBps,
    @JsonProperty("BlkioDeviceReadIOps") List<ThrottleDevice> blkioDeviceReadIOps,
    @JsonProperty("BlkioDeviceWriteIOps") List<ThrottleDevice> blkioDeviceWriteIOps,
    @JsonProperty("RestartPolicy") HostConfig.RestartPolicy restartPolicy) {

  /** A request's JSON, typed as Go types it (an update's {@code "Memory":"x"} is a 400). */
  private static final com.fasterxml.jackson.databind.ObjectMapper REQUEST =
      io.berth.oci.GoJson.strict(StoreJson.MAPPER.copy());

  public record WeightDevice(@JsonProperty("Path") String path,
      @JsonProperty("Weight") int weight) {}

  public record ThrottleDevice(@JsonProperty("Path") String path,
      @JsonProperty("Rate") long rate) {}

  public static ResourceConfig of(HostConfig h) {
    return StoreJson.MAPPER.convertValue(h, ResourceConfig.class);
  }

  /** Parses an update body; malformed JSON is 400. */
  public static ResourceConfig parse(byte[] json) {
    try {
      return REQUEST.readValue(json.length == 0 ? "{}".getBytes() : json, ResourceConfig.class);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("invalid update config: "
          + io.berth.oci.JsonErrors.describe(e, "UpdateConfig"), e);
    }
  }

  /** {@code h} with every non-null field of this record written over its own. */
  public HostConfig applyTo(HostConfig h) {
    ObjectNode tree = StoreJson.MAPPER.valueToTree(h);
    tree.setAll((ObjectNode) StoreJson.MAPPER.valueToTree(this));
    try {
      return StoreJson.MAPPER.treeToValue(tree, HostConfig.class);
    } catch (IOException e) {
      throw BerthException.invalid("invalid resources: "
          + io.berth.oci.JsonErrors.describe(e, "UpdateConfig"));
    }
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
          + Messages.of(e));
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
