package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive API's extraction: hostile tars stay inside the container's tree. */
class ArchiveExtractorTest {
  @TempDir Path dir;

  private static byte[] tar(Object... entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      for (int i = 0; i < entries.length; i += 2) {
        String name = (String) entries[i];
        String value = (String) entries[i + 1];
        TarArchiveEntry e;
        if (value.startsWith("->")) {
          e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          e.setLinkName(value.substring(2));
        } else if (name.endsWith("/")) {
          e = new TarArchiveEntry(name);
        } else {
          e = new TarArchiveEntry(name);
          e.setSize(value.length());
        }
        t.putArchiveEntry(e);
        if (!value.startsWith("->") && !name.endsWith("/")) {
          t.write(value.getBytes(StandardCharsets.UTF_8));
        }
        t.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private ContainerFs fs() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/tmp"));
    Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.createDirectories(dir.resolve("vol"));
    return new ContainerFs(dir.resolve("rootfs"), List.of(
        new ContainerFs.Mount("/data", dir.resolve("vol"))));
  }

  @Test
  void linksMadeByTheTarItselfResolveInsideTheContainer() throws Exception {
    ContainerFs fs = fs();
    new ArchiveExtractor(fs, "/tmp", false, null).extract(new ByteArrayInputStream(tar(
        "esc", "->/", "esc/berth-escape-marker", "inside", "todata", "->../data",
        "todata/v.txt", "in volume", "sub/", "", "sub/f", "plain")));
    assertThat(dir.resolve("rootfs/berth-escape-marker")).hasContent("inside");
    assertThat(Path.of("/berth-escape-marker")).doesNotExist();
    assertThat(dir.resolve("vol/v.txt")).hasContent("in volume");
    assertThat(dir.resolve("rootfs/tmp/sub/f")).hasContent("plain");
  }

  @Test
  void namesClimbingOutAndDirectoryReplacementsAreRefused() throws Exception {
    ContainerFs fs = fs();
    assertThatThrownBy(() -> new ArchiveExtractor(fs, "/tmp", false, null).extract(
        new ByteArrayInputStream(tar("../etc/x", "bad"))))
        .isInstanceOf(BerthException.InvalidArgument.class);
    Files.createDirectories(dir.resolve("rootfs/tmp/d"));
    assertThatThrownBy(() -> new ArchiveExtractor(fs, "/tmp", true, null).extract(
        new ByteArrayInputStream(tar("d", "file now"))))
        .hasMessage("cannot overwrite directory \"/tmp/d\" with non-directory \"d\"");
    new ArchiveExtractor(fs, "/tmp", false, null).extract(
        new ByteArrayInputStream(tar("d", "file now")));
    assertThat(dir.resolve("rootfs/tmp/d")).hasContent("file now");
  }
}
