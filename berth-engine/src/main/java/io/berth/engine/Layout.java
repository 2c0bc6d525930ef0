package io.berth.engine;

import java.nio.file.Path;

/**
 * Where a container's files live. Persistent ones under {@code <root>/containers/<id>/}
 * (config.v2.json, hostconfig.json, hostname, hosts, resolv.conf, container.log); the OCI
 * bundle is per boot, under {@code <exec-root>/containers/<id>/bundle/} with {@code config.json}
 * and the mounted {@code rootfs/} inside it, so a reboot (which drops every mount) also drops
 * every stale bundle. The runtime keeps its own state under {@code <exec-root>/runtime/}.
 */
public record Layout(Path root, Path execRoot) {
  public Path containers() {
    return root.resolve("containers");
  }

  public Path dir(String id) {
    return containers().resolve(id);
  }

  public Path configFile(String id) {
    return dir(id).resolve("config.v2.json");
  }

  public Path hostConfigFile(String id) {
    return dir(id).resolve("hostconfig.json");
  }

  public Path logFile(String id) {
    return dir(id).resolve("container.log");
  }

  public Path runDir(String id) {
    return execRoot.resolve("containers").resolve(id);
  }

  /** A remapped container's user namespace, bound to a file (ADR 0111). */
  public Path userns(String id) {
    return runDir(id).resolve("userns");
  }

  /** The container's network namespace, as berth-network binds it. */
  public Path netns(String id) {
    return execRoot.resolve("netns").resolve(id);
  }

  public Path bundle(String id) {
    return runDir(id).resolve("bundle");
  }

  public Path rootfs(String id) {
    return bundle(id).resolve("rootfs");
  }
}
