package io.berth.engine;


/**
 * One of a container's mounts, resolved at create time (moby {@code volume/mounts.MountPoint}):
 * the first eight fields are what inspect's {@code Mounts} shows; the rest is how to set it up.
 *
 * @param type {@code volume}, {@code bind} or {@code tmpfs}
 * @param name the volume's name; null for binds and tmpfs
 * @param source the host directory ({@code <root>/volumes/<name>/_data} for volumes)
 * @param driver {@code local} for volumes, null otherwise
 * @param mode the mode words the user gave ({@code ro}, {@code z}...); {@code z} for volumes
 *     without one, as Docker reports
 * @param propagation {@code rprivate} for binds unless given, empty for volumes and tmpfs
 * @param anonymous a volume the container created without a name ({@code rm -v} removes it)
 * @param createSource a {@code -v} bind: a missing host path is created at start
 * @param noCopy do not copy the image's content into a new empty volume
 * @param tmpfsOptions {@code size=<bytes>,mode=<octal>} for tmpfs mounts
 * @param nonRecursive a bind of the source alone, without the mounts under it
 */
public record MountPoint(
    String type,
    String name,
    String source,
    String destination,
    String driver,
    String mode,
    boolean rw,
    String propagation,
    boolean anonymous,
    boolean createSource,
    boolean noCopy,
    String tmpfsOptions,
    boolean nonRecursive) {

  public static final String VOLUME = "volume";
  public static final String BIND = "bind";
  public static final String TMPFS = "tmpfs";

  public MountPoint {
    mode = mode == null ? "" : mode;
    propagation = propagation == null ? "" : propagation;
  }

  /** The same mount for {@code --volumes-from}: never copied into, read-only if asked. */
  MountPoint inherited(boolean readWrite) {
    return new MountPoint(type, name, source, destination, driver, "", rw && readWrite,
        propagation, anonymous, false, true, tmpfsOptions, nonRecursive);
  }
}
