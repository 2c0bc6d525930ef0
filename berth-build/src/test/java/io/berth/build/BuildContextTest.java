package io.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
  @TempDir Path dir;

  static byte[] tar(String name, String content) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0644);
      t.putArchiveEntry(e);
      t.write(data);
      t.closeArchiveEntry();
    }
    return b.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "bzip2", "xz"})
  void unpacksPlainAndCompressedContexts(String kind) throws Exception {
    byte[] plain = tar("sub/Dockerfile", "FROM scratch\n");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = switch (kind) {
      case "gzip" -> new GZIPOutputStream(b);
      case "bzip2" -> new BZip2CompressorOutputStream(b);
      case "xz" -> new XZCompressorOutputStream(b);
      default -> b;
    }) {
      o.write(plain);
    }
    BuildContext.extract(new ByteArrayInputStream(b.toByteArray()), dir);
    assertThat(dir.resolve("sub/Dockerfile")).hasContent("FROM scratch");
  }

  @Test
  void acceptsATarWithoutPaddingOrTrailer() throws Exception {
    byte[] full = tar("Dockerfile", "FROM scratch\n");
    byte[] cut = java.util.Arrays.copyOf(full, 512 + 13); // header + data, as docker build -f -
    BuildContext.extract(new ByteArrayInputStream(cut), dir);
    assertThat(dir.resolve("Dockerfile")).hasContent("FROM scratch");
  }

  @Test
  void refusesEntriesOutsideTheContext() throws Exception {
    byte[] evil = tar("../evil", "x");
    assertThatThrownBy(() -> BuildContext.extract(new ByteArrayInputStream(evil), dir))
        .isInstanceOf(BerthException.InvalidArgument.class);
    assertThat(Files.exists(dir.getParent().resolve("evil"))).isFalse();
  }
}
