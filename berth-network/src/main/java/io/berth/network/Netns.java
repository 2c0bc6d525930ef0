package io.berth.network;

import io.berth.common.BerthException;
import io.berth.common.Command;
import io.berth.common.Messages;
import io.berth.sys.Rtnetlink;
import io.berth.sys.SyscallException;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Per-container network namespaces bind-mounted at {@code <exec-root>/netns/<id>}, so they live
 * as long as that mount, not as long as berthd or the container's process: the runtime joins
 * the namespace by path (the spec's {@code linux.namespaces[network].path}), and a restarted
 * berthd finds it again by the same path.
 *
 * <p>With {@link Syscalls} (berthd) the namespace is made in-process, as unshare(1) does it: a
 * platform thread of its own calls {@code unshare(CLONE_NEWNET)}, bind-mounts its
 * {@code /proc/thread-self/ns/net} on the file and ends, never reused (ARCHITECTURE.md,
 * "Threads and native calls"); a namespace is unmounted with {@code umount2(MNT_DETACH)}. That
 * is two helper processes less per container (ADR 0130). Without it, {@code unshare
 * --net=<file>} and {@code umount -l} run.
 */
public final class Netns implements Namespaces {
  private static final Logger LOG = Logger.getLogger(Netns.class.getName());
  private final Path dir;
  private final Syscalls sys;

  public Netns(Path execRoot) {
    this(execRoot, null);
  }

  /** {@code sys} null: helper processes instead of system calls. */
  public Netns(Path execRoot, Syscalls sys) {
    this(sys, execRoot.resolve("netns"));
  }

  /**
   * The namespaces of the overlay networks on this host, one per network
   * ({@code <exec-root>/overlay/<vxlan device>}, ADR 0144): apart from the containers' ones,
   * which {@code berthd --cleanup} requires to be gone first.
   */
  static Netns overlays(Path execRoot, Syscalls sys) {
    return new Netns(sys, execRoot.resolve("overlay"));
  }

  private Netns(Syscalls sys, Path dir) {
    this.sys = sys;
    this.dir = dir;
    // the path goes into shell scripts in single quotes (BridgeDriver.attach, deleteWithLinks)
    if (dir.toString().matches("(?s).*['\\n\\r\\\\].*")) {
      throw io.berth.common.BerthException.invalid("exec root " + dir.getParent() + " has a quote,"
          + " backslash or line break, which berth does not pass to a shell");
    }
  }

  public Path path(String id) {
    return dir.resolve(id);
  }

  /** Makes the namespace (with only {@code lo}, down) and returns its path. */
  @Override
  public Path create(String id) {
    Path p = path(id);
    try {
      Files.createDirectories(dir);
      if (!Files.exists(p)) {
        Files.createFile(p);
      }
    } catch (IOException e) {
      throw BerthException.internal("create netns file " + p + ": " + Messages.of(e), e);
    }
    if (isMounted(p)) {
      return p;
    }
    try {
      if (sys == null) {
        Command.run(null, "unshare", "--net=" + p, "true");
      } else {
        bindNew(p);
      }
    } catch (RuntimeException e) {
      deleteFile(p);
      throw e;
    }
    return p;
  }

  /** Unmounts and deletes it; its interfaces go with it. Nothing there is not an error. */
  @Override
  public void delete(String id) {
    Path p = path(id);
    if (isMounted(p)) {
      unmount(p);
    }
    deleteFile(p);
  }

  /** With {@link Syscalls}: made {@link InNamespace}; without, there is no way in. */
  @Override
  public java.nio.channels.SocketChannel tcpSocket(Path ns) throws IOException {
    if (sys == null) {
      return Namespaces.super.tcpSocket(ns);
    }
    return InNamespace.call(sys, ns, "netns-socket", java.nio.channels.SocketChannel::open);
  }

  /** A new network namespace bound on {@code p}, made by a thread that then ends. */
  private void bindNew(Path p) {
    try {
      InNamespace.onThreadOfItsOwn("netns-create", () -> {
        sys.unshare(Syscalls.CLONE_NEWNET);
        sys.mount("/proc/thread-self/ns/net", p.toString(), null, Syscalls.MS_BIND, null);
        return null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while making netns " + p, e);
    } catch (Exception e) {
      throw BerthException.internal("make netns " + p + ": " + e.getMessage(), e);
    }
  }

  private void unmount(Path p) {
    if (sys == null) {
      Command.tryRun(null, "umount", "-l", p.toString());
      return;
    }
    try {
      sys.umount2(p.toString(), Syscalls.MNT_DETACH);
    } catch (RuntimeException e) {
      if (isMounted(p)) {
        throw BerthException.internal("unmount netns " + p + ": " + Messages.of(e), e);
      }
    }
  }

  /**
   * Removes the host ends of {@code veths} and the namespace: one {@code ip -batch} for the
   * links and, without {@link Syscalls}, {@code umount -l} in the same shell (one process for
   * the daemon to start). Absent links and an unmounted namespace are fine.
   */
  @Override
  public void deleteWithLinks(String id, List<String> veths) {
    Path p = path(id);
    StringBuilder links = new StringBuilder();
    for (String v : veths) {
      if (BridgeDriver.linkExists(v)) {
        links.append("link del ").append(v).append('\n');
      }
    }
    boolean mounted = isMounted(p);
    if (sys != null) {
      deleteLinks(veths);
      if (mounted) {
        unmount(p);
      }
    } else {
      StringBuilder script = new StringBuilder();
      if (!links.isEmpty()) {
        script.append("ip -force -batch - 2>/dev/null <<'LINKS'\n").append(links).append("LINKS\n");
      }
      if (mounted) {
        script.append("umount -l '").append(p).append("'\n");
      }
      if (!script.isEmpty()) {
        Command.tryRun(null, "sh", "-c", script + "true\n");
      }
    }
    deleteFile(p);
  }

  /**
   * Removes the links of {@code veths} that exist: with {@link Syscalls} one {@code RTM_DELLINK}
   * each (ADR 0147), without one {@code ip -force -batch -} for them all. A failure is logged.
   */
  @Override
  public void deleteLinks(List<String> veths) {
    if (sys != null) {
      try (Rtnetlink nl = Rtnetlink.open()) {
        for (String v : veths) {
          try {
            nl.deleteLink(v);
          } catch (SyscallException e) {
            LOG.log(Level.WARNING, "delete veth " + v + ": " + e.getMessage());
          }
        }
      }
      return;
    }
    StringBuilder links = new StringBuilder();
    for (String v : veths) {
      if (BridgeDriver.linkExists(v)) {
        links.append("link del ").append(v).append('\n');
      }
    }
    if (!links.isEmpty()) {
      Command.tryRun(links.toString(), "ip", "-force", "-batch", "-");
    }
  }

  public boolean exists(String id) {
    return isMounted(path(id));
  }

  /** The names of the namespace files in the directory (none when it is missing). */
  List<String> names() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw BerthException.internal("read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether namespaces and links are made by system calls from berthd ({@link Syscalls}). */
  boolean inProcess() {
    return sys != null;
  }

  /**
   * Runs {@code body} with a netlink socket opened inside {@code ns}, on a thread that entered
   * it ({@link #inside}); false when there is no {@link Syscalls} or the namespace could not be
   * entered (nothing ran).
   */
  boolean netlinkInside(Path ns, java.util.function.Consumer<Rtnetlink> body) {
    if (sys == null) {
      return false;
    }
    RuntimeException failed = inside(ns, () -> {
      try (Rtnetlink nl = Rtnetlink.open()) {
        body.accept(nl);
      }
    });
    if (failed instanceof NotEntered) {
      return false;
    }
    if (failed != null) {
      throw failed;
    }
    return true;
  }

  /** Runs {@code ip -batch -} inside the namespace. */
  void ipBatch(Path netns, String batch) {
    runInside(netns, batch, "ip", "-batch", "-");
  }

  /**
   * Sets {@code lo} up inside {@code ns}: with {@link Syscalls} by an ioctl from a thread that
   * entered it (no process), otherwise (or when that fails) {@code ip link set lo up} there.
   */
  void loopbackUp(Path ns) {
    if (sys == null || inside(ns, sys::loopbackUp) != null) {
      runThroughNsenter(ns, "link set lo up\n", "ip", "-batch", "-");
    }
  }

  /**
   * Runs {@code cmd} with {@code stdin} inside the namespace {@code ns}. With {@link Syscalls},
   * a platform thread of its own enters it by {@code setns(2)}, starts the process (a child
   * starts in its parent thread's namespaces) and ends, never reused; that spares the
   * {@code nsenter} (and the shell) of each container start (ADR 0141). Without, or when the
   * namespace cannot be entered so, {@code nsenter --net=<ns>} runs it.
   */
  void runInside(Path ns, String stdin, String... cmd) {
    if (sys == null) {
      runThroughNsenter(ns, stdin, cmd);
      return;
    }
    RuntimeException failed = inside(ns, () -> Command.run(stdin, cmd));
    if (failed instanceof NotEntered) {
      runThroughNsenter(ns, stdin, cmd);
    } else if (failed != null) {
      throw failed;
    }
  }

  /** setns(2) refused: {@link #inside} ran nothing. */
  private static final class NotEntered extends RuntimeException {
    NotEntered(RuntimeException cause) {
      super(cause);
    }
  }

  /**
   * Runs {@code body} on a platform thread that enters {@code ns} first and then ends, never
   * reused ({@link InNamespace#onThreadOfItsOwn}); what it threw ({@link NotEntered} when the
   * namespace could not be entered), or null.
   */
  private RuntimeException inside(Path ns, Runnable body) {
    try {
      InNamespace.onThreadOfItsOwn("netns-exec", () -> {
        try {
          sys.setns(ns.toString(), Syscalls.CLONE_NEWNET);
        } catch (RuntimeException e) {
          throw new NotEntered(e);
        }
        body.run();
        return null;
      });
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.internal("interrupted while working in " + ns, e);
    } catch (RuntimeException e) {
      return e;
    } catch (Exception e) {
      return BerthException.internal("in " + ns + ": " + e.getMessage(), e);
    }
  }

  private static void runThroughNsenter(Path ns, String stdin, String... cmd) {
    String[] args = new String[cmd.length + 2];
    args[0] = "nsenter";
    args[1] = "--net=" + ns;
    System.arraycopy(cmd, 0, args, 2, cmd.length);
    Command.run(stdin, args);
  }

  private static boolean isMounted(Path p) {
    try {
      String target = " " + p.toAbsolutePath() + " ";
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        if (line.contains(target)) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static void deleteFile(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // still mounted elsewhere; left for the next start-up
    }
  }
}
