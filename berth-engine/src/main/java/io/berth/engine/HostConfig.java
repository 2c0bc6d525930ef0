package io.berth.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host gives the container (the fields of moby's
 * {@code api/types/container/hostconfig.go}). The engine's own record: the API layer maps
 * Docker's JSON to it and back, and {@code io.berth.engine.store} writes it to
 * {@code hostconfig.json}. Fields berth does not name are kept in {@link #other} and round-trip.
 */
public record HostConfig(
    List<String> binds,
    LogConfig logConfig,
    String networkMode,
    Map<String, List<Map<String, String>>> portBindings,
    RestartPolicy restartPolicy,
    boolean autoRemove,
    List<String> volumesFrom,
    List<MountSpec> mounts,
    List<String> links,
    List<DeviceMapping> devices,
    List<String> deviceCgroupRules,
    List<String> groupAdd,
    boolean privileged,
    boolean readonlyRootfs,
    List<String> capAdd,
    List<String> capDrop,
    List<String> securityOpt,
    String pidMode,
    String ipcMode,
    String utsMode,
    Boolean init,
    List<Ulimit> ulimits,
    Map<String, String> sysctls,
    long shmSize,
    Map<String, String> tmpfs,
    String runtime,
    List<Integer> consoleSize,
    long memory,
    long memorySwap,
    long memoryReservation,
    long nanoCpus,
    long cpuShares,
    Long pidsLimit,
    Map<String, Object> other) {

  public HostConfig {
    other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
    // an empty type stays empty here: the create fills in the daemon's log-driver (LogDrivers)
    logConfig = logConfig == null ? new LogConfig("", Map.of()) : logConfig.config() == null
        ? new LogConfig(logConfig.type() == null ? "" : logConfig.type(), Map.of()) : logConfig;
    networkMode = networkMode == null || networkMode.isEmpty() ? "bridge" : networkMode;
    restartPolicy = restartPolicy == null ? new RestartPolicy("no", 0) : restartPolicy;
  }

  /**
   * The fields berth reads (or the CRI sets) but keeps among the unnamed ones in {@link #other}:
   * naming them as components would move them in {@code hostconfig.json}, whose order berth 1.6
   * fixed per file (ADR 0139). Their keys are Docker's names, which is also how the wire and the
   * store spell them.
   */
  public enum Extra {
    EXTRA_HOSTS("ExtraHosts"), DNS("Dns"), DNS_SEARCH("DnsSearch"), DNS_OPTIONS("DnsOptions"),
    PUBLISH_ALL_PORTS("PublishAllPorts"), USERNS_MODE("UsernsMode"),
    /** Docker API 1.39+; when present they replace the default lists (SpecOverrides). */
    MASKED_PATHS("MaskedPaths"), READONLY_PATHS("ReadonlyPaths");

    final String key;

    Extra(String key) {
      this.key = key;
    }
  }

  /** An extra field's strings ({@code --add-host}, {@code --dns}...); none is empty. */
  public List<String> strings(Extra field) {
    List<String> out = new java.util.ArrayList<>();
    if (other.get(field.key) instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  /** An extra field's text; absent is null. */
  public String text(Extra field) {
    Object v = other.get(field.key);
    return v == null ? null : v.toString();
  }

  /** {@code --publish-all}. */
  public boolean publishAllPorts() {
    return Boolean.TRUE.equals(other.get(Extra.PUBLISH_ALL_PORTS.key));
  }

  /** This config with another {@code LogConfig}. */
  public HostConfig withLogConfig(LogConfig log) {
    return toBuilder().logConfig(log).build();
  }

  /** An empty host config with Docker's defaults. */
  public static HostConfig defaults() {
    return builder().build();
  }

  /**
   * One {@code --device host[:container[:permissions]]}; the container path defaults to the
   * host's and the permissions to {@code rwm}, as the CLI fills them in.
   */
  public record DeviceMapping(String pathOnHost, String pathInContainer,
      String cgroupPermissions) {}

  /** The same host config with {@code runtime} named, as create records the daemon's default. */
  HostConfig withRuntime(String name) {
    if (runtime != null && !runtime.isEmpty()) {
      return this;
    }
    return toBuilder().runtime(name).build();
  }

  /** {@code LogConfig}: json-file, local or none (LogDrivers); conmon writes the log. */
  public record LogConfig(String type, Map<String, String> config) {}

  /** {@code RestartPolicy}: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}. */
  public record RestartPolicy(String name, int maximumRetryCount) {}

  public record Ulimit(String name, long soft, long hard) {}

  /** A builder holding this record's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.binds = binds;
    b.logConfig = logConfig;
    b.networkMode = networkMode;
    b.portBindings = portBindings;
    b.restartPolicy = restartPolicy;
    b.autoRemove = autoRemove;
    b.volumesFrom = volumesFrom;
    b.mounts = mounts;
    b.links = links;
    b.devices = devices;
    b.deviceCgroupRules = deviceCgroupRules;
    b.groupAdd = groupAdd;
    b.privileged = privileged;
    b.readonlyRootfs = readonlyRootfs;
    b.capAdd = capAdd;
    b.capDrop = capDrop;
    b.securityOpt = securityOpt;
    b.pidMode = pidMode;
    b.ipcMode = ipcMode;
    b.utsMode = utsMode;
    b.init = init;
    b.ulimits = ulimits;
    b.sysctls = sysctls;
    b.shmSize = shmSize;
    b.tmpfs = tmpfs;
    b.runtime = runtime;
    b.consoleSize = consoleSize;
    b.memory = memory;
    b.memorySwap = memorySwap;
    b.memoryReservation = memoryReservation;
    b.nanoCpus = nanoCpus;
    b.cpuShares = cpuShares;
    b.pidsLimit = pidsLimit;
    b.other = other;
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HostConfig}; unset fields are null, false or 0. */
  public static final class Builder {
    private List<String> binds;
    private LogConfig logConfig;
    private String networkMode;
    private Map<String, List<Map<String, String>>> portBindings;
    private RestartPolicy restartPolicy;
    private boolean autoRemove;
    private List<String> volumesFrom;
    private List<MountSpec> mounts;
    private List<String> links;
    private List<DeviceMapping> devices;
    private List<String> deviceCgroupRules;
    private List<String> groupAdd;
    private boolean privileged;
    private boolean readonlyRootfs;
    private List<String> capAdd;
    private List<String> capDrop;
    private List<String> securityOpt;
    private String pidMode;
    private String ipcMode;
    private String utsMode;
    private Boolean init;
    private List<Ulimit> ulimits;
    private Map<String, String> sysctls;
    private long shmSize;
    private Map<String, String> tmpfs;
    private String runtime;
    private List<Integer> consoleSize;
    private long memory;
    private long memorySwap;
    private long memoryReservation;
    private long nanoCpus;
    private long cpuShares;
    private Long pidsLimit;
    private Map<String, Object> other;

    private Builder() {}

    public Builder binds(List<String> v) {
      binds = v;
      return this;
    }

    public Builder logConfig(LogConfig v) {
      logConfig = v;
      return this;
    }

    public Builder networkMode(String v) {
      networkMode = v;
      return this;
    }

    public Builder portBindings(Map<String, List<Map<String, String>>> v) {
      portBindings = v;
      return this;
    }

    public Builder restartPolicy(RestartPolicy v) {
      restartPolicy = v;
      return this;
    }

    public Builder autoRemove(boolean v) {
      autoRemove = v;
      return this;
    }

    public Builder volumesFrom(List<String> v) {
      volumesFrom = v;
      return this;
    }

    public Builder mounts(List<MountSpec> v) {
      mounts = v;
      return this;
    }

    public Builder links(List<String> v) {
      links = v;
      return this;
    }

    public Builder devices(List<DeviceMapping> v) {
      devices = v;
      return this;
    }

    public Builder deviceCgroupRules(List<String> v) {
      deviceCgroupRules = v;
      return this;
    }

    public Builder groupAdd(List<String> v) {
      groupAdd = v;
      return this;
    }

    public Builder privileged(boolean v) {
      privileged = v;
      return this;
    }

    public Builder readonlyRootfs(boolean v) {
      readonlyRootfs = v;
      return this;
    }

    public Builder capAdd(List<String> v) {
      capAdd = v;
      return this;
    }

    public Builder capDrop(List<String> v) {
      capDrop = v;
      return this;
    }

    public Builder securityOpt(List<String> v) {
      securityOpt = v;
      return this;
    }

    public Builder pidMode(String v) {
      pidMode = v;
      return this;
    }

    public Builder ipcMode(String v) {
      ipcMode = v;
      return this;
    }

    public Builder utsMode(String v) {
      utsMode = v;
      return this;
    }

    public Builder init(Boolean v) {
      init = v;
      return this;
    }

    public Builder ulimits(List<Ulimit> v) {
      ulimits = v;
      return this;
    }

    public Builder sysctls(Map<String, String> v) {
      sysctls = v;
      return this;
    }

    public Builder shmSize(long v) {
      shmSize = v;
      return this;
    }

    public Builder tmpfs(Map<String, String> v) {
      tmpfs = v;
      return this;
    }

    public Builder runtime(String v) {
      runtime = v;
      return this;
    }

    public Builder consoleSize(List<Integer> v) {
      consoleSize = v;
      return this;
    }

    public Builder memory(long v) {
      memory = v;
      return this;
    }

    public Builder memorySwap(long v) {
      memorySwap = v;
      return this;
    }

    public Builder memoryReservation(long v) {
      memoryReservation = v;
      return this;
    }

    public Builder nanoCpus(long v) {
      nanoCpus = v;
      return this;
    }

    public Builder cpuShares(long v) {
      cpuShares = v;
      return this;
    }

    public Builder pidsLimit(Long v) {
      pidsLimit = v;
      return this;
    }

    public Builder other(Map<String, Object> v) {
      other = v;
      return this;
    }

    /** Sets one of the {@link Extra} fields (null removes it). */
    public Builder extra(Extra field, Object value) {
      other = other == null ? new LinkedHashMap<>() : new LinkedHashMap<>(other);
      if (value == null) {
        other.remove(field.key);
      } else {
        other.put(field.key, value);
      }
      return this;
    }

    public HostConfig build() {
      return new HostConfig(binds, logConfig, networkMode, portBindings, restartPolicy, autoRemove,
          volumesFrom, mounts, links, devices, deviceCgroupRules, groupAdd, privileged,
          readonlyRootfs, capAdd, capDrop, securityOpt, pidMode, ipcMode, utsMode, init, ulimits,
          sysctls, shmSize, tmpfs, runtime, consoleSize, memory, memorySwap, memoryReservation,
          nanoCpus, cpuShares, pidsLimit, other);
    }
  }
}
