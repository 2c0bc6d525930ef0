package io.berth.daemon;

import io.berth.common.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per root: an exclusive {@code flock} on {@code <root>/berthd.lock} that holds the
 * owner's pid. The kernel drops the lock when the process dies, so a crash never blocks the next
 * start.
 */
final class InstanceLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static InstanceLock acquire(Path root) {
    Path file = root.resolve("berthd.lock");
    try {
      Files.createDirectories(root);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        String owner = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        ch.close();
        throw new StartupException("another berthd (pid " + (owner.isEmpty() ? "unknown" : owner)
            + ") is already running with root " + root + " (lock " + file + ")");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
          .getBytes(StandardCharsets.US_ASCII)), 0);
      // No fsync: the pid is for people reading the file; the lock itself lives in the kernel.
      return new InstanceLock(ch, l);
    } catch (IOException e) {
      throw new StartupException("cannot lock root " + root + ": " + Messages.of(e), e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
