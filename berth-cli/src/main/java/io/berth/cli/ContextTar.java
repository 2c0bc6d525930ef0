package io.berth.cli;

import io.berth.common.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A build context directory as the tar that {@code POST /build} takes, as the docker CLI makes
 * it: paths relative to the context, owned by 0:0, modes and mtimes kept, files matched by
 * {@code .dockerignore} left out — except the Dockerfile and the .dockerignore itself, which
 * the daemon needs. Long or non-ASCII names get a PAX header.
 */
public final class ContextTar {
  private final OutputStream out;
  private final byte[] buf = new byte[64 * 1024];

  private ContextTar(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code dir} minus what {@code ignore} excludes ({@code keep} always goes in). */
  public static void write(Path dir, DockerIgnore ignore, List<String> keep, OutputStream out)
      throws IOException {
    ContextTar t = new ContextTar(out);
    t.walk(dir, dir, ignore, keep);
    out.write(new byte[1024]);
    out.flush();
  }

  /** A regular file for {@link #files}: its name (relative), content and mode. */
  public record Entry(String name, byte[] data, int mode) {}

  /** Writes a tar of regular files owned by root (secrets copied into a container). */
  public static void files(List<Entry> files, OutputStream out) throws IOException {
    ContextTar t = new ContextTar(out);
    long now = System.currentTimeMillis() / 1000;
    for (Entry e : files) {
      t.header(e.name(), '0', e.mode(), e.data().length, now, "");
      out.write(e.data());
      t.pad(e.data().length);
    }
    out.write(new byte[1024]);
    out.flush();
  }

  private void walk(Path root, Path dir, DockerIgnore ignore, List<String> keep)
      throws IOException {
    List<Path> children;
    try (Stream<Path> s = Files.list(dir)) {
      children = s.sorted().toList();
    }
    for (Path p : children) {
      String rel = root.relativize(p).toString();
      boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      boolean skip = ignore.excluded(rel) && !keep.contains(rel);
      if (skip && !(isDir && ignore.hasExceptions())) {
        continue;
      }
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime",
          LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode") & 07777;
      long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis()
          / 1000;
      if (isDir) {
        if (!skip) {
          header(rel + "/", '5', mode, 0, mtime, "");
        }
        walk(root, p, ignore, keep);
      } else if (skip) {
        continue;
      } else if (Files.isSymbolicLink(p)) {
        header(rel, '2', mode, 0, mtime, Files.readSymbolicLink(p).toString());
      } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        long size = (Long) a.get("size");
        header(rel, '0', mode, size, mtime, "");
        long left = size;
        try (InputStream in = Files.newInputStream(p)) {
          while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
              throw new IOException(p + " shrank while it was read");
            }
            out.write(buf, 0, n);
            left -= n;
          }
        }
        pad(size);
      }
    }
  }

  private void header(String name, char type, int mode, long size, long mtime, String link)
      throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
    boolean pax = nameBytes.length > 100 || linkBytes.length > 100
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(name + link);
    if (pax) {
      StringBuilder records = new StringBuilder();
      records.append(record("path", name));
      if (!link.isEmpty()) {
        records.append(record("linkpath", link));
      }
      byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
      out.write(block("PaxHeader", 'x', 0644, data.length, mtime, ""));
      out.write(data);
      pad(data.length);
    }
    out.write(block(pax ? ascii(name) : name, type, mode, size, mtime, pax ? ascii(link) : link));
  }

  private static String ascii(String s) {
    String a = s.replaceAll("[^\\x20-\\x7e]", "_");
    return a.length() > 100 ? a.substring(0, 100) : a;
  }

  /** A PAX record: {@code "<len> key=value\n"}, where len counts itself. */
  private static String record(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int len = body + String.valueOf(body).length();
    if (String.valueOf(len).length() != String.valueOf(body).length()) {
      len++;
    }
    return len + " " + key + "=" + value + "\n";
  }

  private static byte[] block(String name, char type, int mode, long size, long mtime,
      String link) {
    byte[] h = new byte[512];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = (byte) type;
    put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, h, 148, 8);
    return h;
  }

  private static void put(byte[] h, int off, int len, byte[] v) {
    System.arraycopy(v, 0, h, off, Math.min(len, v.length));
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = String.format("%0" + (len - 1) + "o", v);
    put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % 512);
    if (rest != 0) {
      out.write(new byte[512 - rest]);
    }
  }
}
