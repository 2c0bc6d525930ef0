package io.berth.engine;

/**
 * A path in a container as {@code X-Docker-Container-Path-Stat} describes it (moby
 * {@code api/types/container.PathStat}).
 *
 * @param name the last element of the path asked for
 * @param mode Go's {@code os.FileMode}: permission bits plus type bits ({@code 1<<31} dir,
 *     {@code 1<<27} symlink...), which the docker CLI decodes
 * @param mtime RFC 3339 with nanoseconds
 * @param linkTarget for a symlink, the container path it finally resolves to; else empty
 */
public record PathStat(String name, long size, long mode, String mtime, String linkTarget) {
  private static final long DIR = 1L << 31;
  private static final long SYMLINK = 1L << 27;
  private static final long DEVICE = 1L << 26;
  private static final long NAMED_PIPE = 1L << 25;
  private static final long SOCKET = 1L << 24;
  private static final long SETUID = 1L << 23;
  private static final long SETGID = 1L << 22;
  private static final long CHAR_DEVICE = 1L << 21;
  private static final long STICKY = 1L << 20;

  public boolean isDirectory() {
    return (mode & DIR) != 0;
  }

  /** Go's FileMode of a {@code st_mode} (os/stat_linux.go {@code fillFileStatFromSys}). */
  static long goMode(int unixMode) {
    long m = unixMode & 0777;
    switch (unixMode & 0170000) {
      case 0060000 -> m |= DEVICE;
      case 0020000 -> m |= DEVICE | CHAR_DEVICE;
      case 0040000 -> m |= DIR;
      case 0010000 -> m |= NAMED_PIPE;
      case 0120000 -> m |= SYMLINK;
      case 0140000 -> m |= SOCKET;
      default -> { }
    }
    if ((unixMode & 04000) != 0) {
      m |= SETUID;
    }
    if ((unixMode & 02000) != 0) {
      m |= SETGID;
    }
    if ((unixMode & 01000) != 0) {
      m |= STICKY;
    }
    return m;
  }
}
