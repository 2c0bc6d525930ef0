package io.berth.engine;

import io.berth.common.IdMap;
import java.nio.file.Path;

/**
 * Daemon-level settings the engine needs.
 *
 * @param defaultRuntime the OCI runtime of containers that name none ({@code runc})
 * @param hostResolvConf the host's resolv.conf that containers' copies derive from
 * @param defaultLog daemon.json's {@code log-driver} and {@code log-opts}, for containers that
 *     name no driver (and options of the same driver that they do not set)
 * @param ids the daemon's {@code userns-remap} ({@link IdMap#NONE}: none), for the owners of
 *     what {@code docker cp} writes and reads
 */
public record EngineSettings(String defaultRuntime, Path hostResolvConf,
    HostConfig.LogConfig defaultLog, IdMap ids) {
  public EngineSettings(String defaultRuntime, Path hostResolvConf) {
    this(defaultRuntime, hostResolvConf, LogDrivers.daemonDefault(), IdMap.NONE);
  }

  public static EngineSettings defaults() {
    return new EngineSettings("runc", Path.of("/etc/resolv.conf"));
  }
}
