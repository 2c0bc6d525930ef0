package io.berth.sys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fake {@link Syscalls} for tests: records every call and touches no kernel state, except
 * that xattrs are kept in memory so a set can be read back. {@link #failNext} makes the next
 * call of a name fail with an errno.
 */
public final class RecordingSyscalls implements Syscalls {
  /** One recorded call: its name and its arguments in order. */
  public record Call(String name, List<Object> args) {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Map<String, byte[]>> xattrs = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();

  /** The calls so far, oldest first. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The recorded calls named {@code name}. */
  public synchronized List<Call> calls(String name) {
    return calls.stream().filter(c -> c.name().equals(name)).toList();
  }

  /** Makes the next call named {@code name} throw {@link SyscallException} with {@code errno}. */
  public synchronized void failNext(String name, int errno) {
    failures.put(name, errno);
  }

  private void record(String name, String path, Object... args) {
    calls.add(new Call(name, Arrays.asList(args)));
    Integer errno = failures.remove(name);
    if (errno != null) {
      throw new SyscallException(name, path, errno);
    }
  }

  @Override
  public synchronized void mount(String source, String target, String fstype, long flags,
      String data) {
    record("mount", target, source, target, fstype, flags, data);
  }

  @Override
  public synchronized void loopbackUp() {
    record("loopbackUp", "lo");
  }

  @Override
  public synchronized void kill(int pid, int signal) {
    record("kill", "pid " + pid, pid, signal);
  }

  @Override
  public synchronized void umount2(String target, int flags) {
    record("umount2", target, target, flags);
  }

  @Override
  public synchronized void mknod(String path, int mode, long dev) {
    record("mknod", path, path, mode, dev);
  }

  @Override
  public synchronized void lsetxattr(String path, String name, byte[] value, int flags) {
    record("lsetxattr", path, path, name, value.clone(), flags);
    xattrs.computeIfAbsent(path, p -> new TreeMap<>()).put(name, value.clone());
  }

  @Override
  public synchronized Optional<byte[]> lgetxattr(String path, String name) {
    record("lgetxattr", path, path, name);
    byte[] value = xattrs.getOrDefault(path, Map.of()).get(name);
    return Optional.ofNullable(value).map(byte[]::clone);
  }

  @Override
  public synchronized List<String> llistxattr(String path) {
    record("llistxattr", path, path);
    return List.copyOf(xattrs.getOrDefault(path, Map.of()).keySet());
  }

  @Override
  public synchronized void lchown(String path, int uid, int gid) {
    record("lchown", path, path, uid, gid);
  }

  @Override
  public synchronized void chmod(String path, int mode) {
    record("chmod", path, path, mode);
  }

  @Override
  public synchronized void lutimes(String path, Instant atime, Instant mtime) {
    record("lutimes", path, path, atime, mtime);
  }

  @Override
  public synchronized void unshare(int flags) {
    record("unshare", "", flags);
  }

  @Override
  public synchronized void setns(String path, int nstype) {
    record("setns", path, path, nstype);
  }

  @Override
  public synchronized void chdir(String path) {
    record("chdir", path, path);
  }
}
