package io.berth.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The files of one rotated log (ADR 113). conmon writes {@code container.log} and, past its
 * {@code --log-size-max}, opens {@code container.log.tmp} ({@code O_TRUNC|O_CREAT}) and renames
 * it over {@code container.log}. berth keeps the history by two things conmon follows without
 * knowing: every generation has a name of its own, {@code container.log.g<seq>}, that the
 * rename does not touch ({@code container.log} is a second hard link, or a symlink, to the
 * current one), and {@code container.log.tmp} is kept as a symlink to the next generation's
 * name (the <em>arm</em>), so conmon's open creates that file. One cut consumes the arm; a
 * second cut before berth re-arms makes a plain {@code container.log}; a third would replace
 * that one unseen — so when berth finds a plain file it cannot prove the older generations
 * contiguous with it and drops them. Everything berth keeps is therefore contiguous, and at
 * most {@code kept + 3} generations of at most the cut size exist at any time (the kept ones,
 * the current, the one the arm made, the plain one).
 */
final class LogFiles {
  private static final String GEN = ".g";
  private static final int MAX_ROUNDS = 8;
  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private final Path log;

  LogFiles(Path log) {
    this.log = log;
  }

  Path arm() {
    return log.resolveSibling(log.getFileName() + ".tmp");
  }

  /** Generation files, oldest first. */
  List<Path> generations() throws IOException {
    String prefix = log.getFileName() + GEN;
    try (Stream<Path> s = Files.list(log.getParent())) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)
              && p.getFileName().toString().substring(prefix.length()).matches("\\d+"))
          .sorted((a, b) -> Long.compare(seq(a), seq(b))).toList();
    }
  }

  private long seq(Path p) {
    return Long.parseLong(p.getFileName().toString()
        .substring(log.getFileName().toString().length() + GEN.length()));
  }

  private Path gen(long n) {
    return log.resolveSibling(log.getFileName() + GEN + n);
  }

  /**
   * Before conmon starts: the current file gets a generation name (an empty one when there
   * is none) and the arm points at the next. Nothing writes the log now, so no race.
   */
  void prepare(int kept) throws IOException {
    List<Path> gens = generations();
    Object current = key(log);
    boolean named = current != null && gens.stream().anyMatch(g -> current.equals(key(g)));
    if (!named) {
      long next = gens.isEmpty() ? 1 : seq(gens.getLast()) + 1;
      if (current == null) {
        Files.deleteIfExists(log); // a dangling symlink
        Files.createFile(gen(next));
        Files.createLink(log, gen(next));
      } else {
        Files.createLink(gen(next), log);
      }
    }
    rearm();
    dropOldest(kept);
  }

  /**
   * One look while conmon runs: after a cut, re-arm; after a cut made without the arm (a
   * plain, unnamed {@code container.log}), keep only the current file, named. Then drop the
   * oldest so that {@code kept} older generations remain. conmon may cut again while berth
   * looks, so the look repeats until it finds the arm in place and the current file named
   * (one lock per log: the watcher and the after-exit look never interleave). True when
   * conmon had cut.
   */
  boolean poll(int kept) throws IOException {
    synchronized (LOCKS.computeIfAbsent(log.toAbsolutePath(), k -> new Object())) {
      boolean cut = false;
      Object seen = null; // the current file the last re-arm of this look went over
      for (int round = 0; round < MAX_ROUNDS; round++) {
        boolean armed = Files.exists(arm(), LinkOption.NOFOLLOW_LINKS);
        Object current = key(log);
        if (current == null) {
          return true; // conmon between its open and its rename; look again soon
        }
        if (seen != null && !current.equals(seen)) {
          // conmon cut while berth re-armed: a cut without the arm may have come first and
          // been replaced unseen, so nothing older than the current file is shown
          dropAllBut(current);
        }
        boolean named = generations().stream().anyMatch(g -> current.equals(key(g)));
        if (armed && named) {
          if (cut) {
            dropOldest(kept);
          }
          return cut;
        }
        cut = true;
        seen = current;
        if (named) {
          rearm();
        } else if (armed) {
          nameBeforeArm(current);
          seen = null; // the arm stayed in place: every cut meanwhile went through it
        } else {
          // two cuts or more since the arm: what came between may be lost, keep the current
          dropAllBut(null);
          Files.createLink(gen(1), log);
          rearm();
        }
      }
      return true;
    }
  }

  /**
   * A plain current file while the arm is still in place: conmon cut without the arm just
   * before berth re-armed. What came before it may be lost, so only it stays, named just
   * below the arm's target so that the arm's file follows it.
   */
  private void nameBeforeArm(Object current) throws IOException {
    long target = seq(arm().resolveSibling(Files.readSymbolicLink(arm()).toString()));
    dropAllBut(null);
    Path name = gen(target - 1);
    Files.createLink(name, log);
    if (Files.isSymbolicLink(name) || !current.equals(key(name))) {
      Files.deleteIfExists(name); // conmon cut through the arm meanwhile: that file is lost
    }
  }

  /** Every generation but the one that is {@code keep}. */
  private void dropAllBut(Object keep) throws IOException {
    for (Path g : generations()) {
      if (keep == null || !keep.equals(key(g))) {
        Files.deleteIfExists(g);
      }
    }
  }

  private void rearm() throws IOException {
    List<Path> gens = generations();
    long next = gens.isEmpty() ? 1 : seq(gens.getLast()) + 1;
    Path tmp = log.resolveSibling(log.getFileName() + ".arm");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, gen(next).getFileName());
    Files.move(tmp, arm(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void dropOldest(int kept) throws IOException {
    List<Path> gens = new ArrayList<>(generations());
    Object current = key(log);
    gens.removeIf(g -> Objects.equals(current, key(g)));
    for (int i = 0; i < gens.size() - kept; i++) {
      Files.deleteIfExists(gens.get(i));
    }
  }

  /** After the monitor exited: the arm goes (a start makes a new one). */
  void disarm() throws IOException {
    Files.deleteIfExists(arm());
    LOCKS.remove(log.toAbsolutePath());
  }

  /** What {@code docker logs} reads, oldest first: older generations, then the current. */
  List<Path> readOrder() throws IOException {
    Object current = key(log);
    List<Path> out = new ArrayList<>();
    for (Path g : generations()) {
      if (!Objects.equals(current, key(g))) {
        out.add(g);
      }
    }
    return out;
  }

  /** The file conmon writes now: its generation name, or the log path when it has none. */
  Path current() throws IOException {
    Object now = key(log);
    if (now != null) {
      for (Path g : generations()) {
        if (now.equals(key(g))) {
          return g;
        }
      }
    }
    return log;
  }

  /**
   * For a follower that read {@code cur} (identity {@code curKey}) to its end: the next file
   * once conmon has moved on — the next generation when it is still there, else the current
   * file — or null while conmon still writes {@code cur}.
   */
  Path after(Path cur, Object curKey) {
    Object now = key(log);
    if (now == null || now.equals(curKey)) {
      return null;
    }
    try {
      String name = cur.getFileName().toString();
      String prefix = log.getFileName() + GEN;
      if (name.startsWith(prefix)) {
        Path next = gen(seq(cur) + 1);
        if (Files.exists(next)) {
          return next;
        }
      }
      return current();
    } catch (IOException | RuntimeException e) {
      return log;
    }
  }

  private static Object key(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
