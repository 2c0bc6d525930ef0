package io.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.BerthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  private ContainerRoot fs() throws Exception {
    Files.createDirectories(dir.resolve("rootfs/tmp"));
    Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.createDirectories(dir.resolve("vol"));
    return ContainerRoot.open(dir.resolve("rootfs"), Map.of("/data", dir.resolve("vol")));
  }

  private static void extract(ContainerRoot fs, boolean noOverwriteDirNonDir,
      java.io.InputStream tar) throws Exception {
    try (ContainerRoot.Found tmp = fs.open("/tmp", true)) {
      new ArchiveExtractor(fs, tmp, noOverwriteDirNonDir, null, io.berth.common.IdMap.NONE).extract(tar);
    }
  }

  @Test
  void linksMadeByTheTarItselfResolveInsideTheContainer() throws Exception {
    ContainerRoot fs = fs();
    extract(fs, false, new ByteArrayInputStream(tar(
        "esc", "->/", "esc/berth-escape-marker", "inside", "todata", "->../data",
        "todata/v.txt", "in volume", "sub/", "", "sub/f", "plain")));
    assertThat(dir.resolve("rootfs/berth-escape-marker")).hasContent("inside");
    assertThat(Path.of("/berth-escape-marker")).doesNotExist();
    assertThat(dir.resolve("vol/v.txt")).hasContent("in volume");
    assertThat(dir.resolve("rootfs/tmp/sub/f")).hasContent("plain");
  }

  @Test
  void namesClimbingOutAndDirectoryReplacementsAreRefused() throws Exception {
    ContainerRoot fs = fs();
    assertThatThrownBy(() -> extract(fs, false, 
        new ByteArrayInputStream(tar("../etc/x", "bad"))))
        .isInstanceOf(BerthException.InvalidArgument.class);
    Files.createDirectories(dir.resolve("rootfs/tmp/d"));
    assertThatThrownBy(() -> extract(fs, true, 
        new ByteArrayInputStream(tar("d", "file now"))))
        .hasMessage("cannot overwrite directory \"/tmp/d\" with non-directory \"d\"");
    extract(fs, false, 
        new ByteArrayInputStream(tar("d", "file now")));
    assertThat(dir.resolve("rootfs/tmp/d")).hasContent("file now");
  }
}
