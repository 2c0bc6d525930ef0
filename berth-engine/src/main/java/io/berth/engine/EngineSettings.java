package io.berth.engine;

import java.nio.file.Path;

/**
 * Daemon-level settings the engine needs.
 *
 * @param defaultRuntime the OCI runtime of containers that name none ({@code runc})
 * @param hostResolvConf the host's resolv.conf that containers' copies derive from
 */
public record EngineSettings(String defaultRuntime, Path hostResolvConf) {
  public static EngineSettings defaults() {
    return new EngineSettings("runc", Path.of("/etc/resolv.conf"));
  }
}
