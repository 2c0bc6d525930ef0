package io.berth.engine.spec;

import java.util.List;

/**
 * The parts of Docker's container {@code Config} that shape the spec. A null list means "not
 * given" (the image's value applies); an empty {@code entrypoint} means "no entrypoint" (see
 * {@link Commands}).
 *
 * @param env {@code KEY=value} entries; a bare {@code KEY} unsets the key
 * @param entrypoint null = the image's; empty (or {@code [""]}, what {@code --entrypoint ""} sends) = none
 * @param cmd null or empty = the image's CMD, unless an entrypoint was given
 * @param workingDir null or empty = the image's, then {@code /}
 * @param user {@code name}, {@code uid}, {@code name:group}, {@code uid:gid}; null/empty = the image's
 * @param tty allocate a terminal (sets {@code TERM=xterm})
 * @param openStdin keep stdin open; not part of config.json (the runtime holds stdio), kept for callers
 * @param hostname the container's hostname (the engine defaults it to the short id)
 * @param domainname NIS domain name, set through the {@code kernel.domainname} sysctl
 * @param stopSignal not part of config.json (the engine uses it to stop the container), kept for callers
 */
public record ContainerSettings(
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    String user,
    boolean tty,
    boolean openStdin,
    String hostname,
    String domainname,
    String stopSignal) {

  public ContainerSettings {
    env = env == null ? List.of() : List.copyOf(env);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
  }

  /** A container that overrides nothing, with this hostname. */
  public static ContainerSettings of(String hostname) {
    return new ContainerSettings(null, null, null, null, null, false, false, hostname, null, null);
  }
}
