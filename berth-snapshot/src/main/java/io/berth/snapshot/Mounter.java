package io.berth.snapshot;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.sys.Errno;
import io.berth.sys.SyscallException;
import io.berth.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Performs a snapshotter's {@link Mount} list at a target directory, and undoes it. */
public final class Mounter {
  /**
   * mount(2) copies at most one page of option data; overlayfs rejects (or truncates) longer
   * lowerdir lists. See {@code copy_mount_options} in fs/namespace.c.
   */
  static final int MAX_OPTIONS = 4095;

  private static final Map<String, Long> FLAGS = Map.of(
      "ro", Syscalls.MS_RDONLY, "rw", 0L, "bind", Syscalls.MS_BIND,
      "rbind", Syscalls.MS_BIND | Syscalls.MS_REC, "nosuid", Syscalls.MS_NOSUID,
      "nodev", Syscalls.MS_NODEV, "noexec", Syscalls.MS_NOEXEC);

  private final Syscalls sys;

  public Mounter(Syscalls sys) {
    this.sys = sys;
  }

  /**
   * Mounts {@code mounts} on {@code target}, in order (each on top of the previous). On a
   * failure the ones already mounted are unmounted and {@code BerthException.Internal} (or
   * {@code InvalidArgument} for options that cannot fit) is thrown.
   */
  public void mount(List<Mount> mounts, Path target) {
    int done = 0;
    try {
      for (Mount m : mounts) {
        mountOne(m, target.toString());
        done++;
      }
    } catch (RuntimeException e) {
      for (int i = 0; i < done; i++) {
        try {
          sys.umount2(target.toString(), Syscalls.MNT_DETACH);
        } catch (SyscallException undo) {
          e.addSuppressed(undo);
        }
      }
      throw e;
    }
  }

  /** Unmounts everything stacked on {@code target}; nothing mounted is not an error. */
  public void unmount(Path target) {
    for (int i = 0; i < 64; i++) {
      try {
        sys.umount2(target.toString(), 0);
      } catch (SyscallException e) {
        if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
          return; // not a mount point (any more)
        }
        throw BerthException.internal("failed to unmount " + target + ": " + Messages.of(e), e);
      }
    }
  }

  private void mountOne(Mount m, String target) {
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String option : m.options()) {
      Long flag = FLAGS.get(option);
      if (flag == null) {
        data.add(option);
      } else {
        flags |= flag;
      }
    }
    try {
      if ((flags & Syscalls.MS_BIND) != 0) {
        sys.mount(m.source(), target, null, flags & ~Syscalls.MS_RDONLY, null);
        if ((flags & Syscalls.MS_RDONLY) != 0) {
          // The kernel ignores MS_RDONLY on the MS_BIND call itself; a bind mount becomes
          // read-only only through a remount (mount(2), "Creating a bind mount").
          try {
            sys.mount(null, target, null, Syscalls.MS_REMOUNT | Syscalls.MS_BIND | flags, null);
          } catch (SyscallException e) {
            sys.umount2(target, Syscalls.MNT_DETACH); // never leave it mounted writable
            throw e;
          }
        }
        return;
      }
      String options = String.join(",", data);
      if (options.length() <= MAX_OPTIONS) {
        sys.mount(m.source(), target, m.type(), flags, options);
        return;
      }
      LowerDirs.Compacted c = LowerDirs.compact(data);
      if (c.options().length() > MAX_OPTIONS) {
        throw BerthException.invalid("failed to mount " + m.type() + " at " + target
            + ": options are " + c.options().length() + " bytes even with relative lowerdirs,"
            + " over the kernel's limit of " + MAX_OPTIONS);
      }
      mountFrom(c.dir(), m, target, flags, c.options());
    } catch (SyscallException e) {
      throw BerthException.internal("failed to mount " + m.type() + " at " + target + ": "
          + Messages.of(e), e);
    }
  }

  /**
   * mount(2) with relative lowerdirs resolved from {@code dir}. The JVM has one working
   * directory for all threads, so this runs on a throwaway platform thread that first calls
   * unshare(CLONE_FS): its chdir then changes only its own fs_struct, which dies with it.
   * (moby's overlay2 re-execs a {@code docker-mountfrom} helper for the same reason.)
   */
  private void mountFrom(String dir, Mount m, String target, long flags, String options) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("berth-mountfrom").start(() -> {
      try {
        sys.unshare(Syscalls.CLONE_FS);
        sys.chdir(dir);
        sys.mount(m.source(), target, m.type(), flags, options);
      } catch (RuntimeException e) {
        failure.set(e);
      }
    });
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the mount must finish or fail before we report either way
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
