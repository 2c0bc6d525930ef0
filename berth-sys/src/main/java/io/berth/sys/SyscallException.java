package io.berth.sys;

/**
 * A system call failed. The message names the call, the path and the errno, e.g.
 * {@code mount /var/lib/berth/x: EPERM (1)}. Callers translate it into a
 * {@code BerthException} with their own context.
 */
public final class SyscallException extends RuntimeException {
  private final String call;
  private final String path;
  private final int errno;

  public SyscallException(String call, String path, int errno) {
    super(call + " " + path + ": " + Errno.name(errno) + " (" + errno + ")");
    this.call = call;
    this.path = path;
    this.errno = errno;
  }

  public String call() {
    return call;
  }

  public String path() {
    return path;
  }

  public int errno() {
    return errno;
  }

  public String errnoName() {
    return Errno.name(errno);
  }
}
