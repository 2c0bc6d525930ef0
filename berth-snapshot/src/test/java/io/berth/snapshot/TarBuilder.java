package io.berth.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars in memory for tests (PAX for long names and big ids). */
final class TarBuilder {
  static final Instant MTIME = Instant.parse("2020-01-02T03:04:05Z");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

  TarBuilder() {
    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    out.setAddPaxHeadersForNonAsciiNames(true);
  }

  TarBuilder dir(String name) {
    return entry(new TarArchiveEntry(name, TarConstants.LF_DIR), 0755, null, e -> {});
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644, e -> {});
  }

  TarBuilder file(String name, String content, int mode, Consumer<TarArchiveEntry> edit) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    e.setSize(data.length);
    return entry(e, mode, data, edit);
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    return entry(e, 0777, null, x -> {});
  }

  TarBuilder hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    return entry(e, 0644, null, x -> {});
  }

  TarBuilder device(String name, byte type, int major, int minor) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setDevMajor(major);
    e.setDevMinor(minor);
    return entry(e, 0600, null, x -> {});
  }

  private TarBuilder entry(TarArchiveEntry e, int mode, byte[] data,
      Consumer<TarArchiveEntry> edit) {
    e.setMode(mode);
    e.setLastModifiedTime(FileTime.from(MTIME));
    edit.accept(e);
    try {
      out.putArchiveEntry(e);
      if (data != null) {
        out.write(data);
      }
      out.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  byte[] bytes() {
    try {
      out.finish();
      out.close();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return bytes.toByteArray();
  }

  InputStream stream() {
    return new ByteArrayInputStream(bytes());
  }
}
