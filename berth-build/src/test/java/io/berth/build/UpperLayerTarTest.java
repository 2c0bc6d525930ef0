package io.berth.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpperLayerTarTest {
  @TempDir Path upper;

  private List<String> entries(Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    UpperLayerTar.write(dir, out, p -> p.getFileName().toString().equals("opaque"),
        io.berth.common.IdMap.NONE);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(
        new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String kind = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l:" + e.getLinkName()
            : e.isLink() ? "h:" + e.getLinkName() : "f" + e.getSize();
        names.add(e.getName() + " " + kind);
      }
    }
    return names;
  }

  @Test
  void writesFilesLinksAndOpaqueDirectories() throws Exception {
    Files.createDirectories(upper.resolve("etc"));
    Files.writeString(upper.resolve("etc/conf"), "abc");
    Files.createLink(upper.resolve("etc/hard"), upper.resolve("etc/conf"));
    Files.createSymbolicLink(upper.resolve("link"), Path.of("/etc/conf"));
    Files.createDirectories(upper.resolve("opaque"));
    Files.writeString(upper.resolve("opaque/new"), "n");
    assertThat(entries(upper)).containsExactly("etc/ d", "etc/conf f3", "etc/hard h:etc/conf",
        "link l:/etc/conf", "opaque/ d", "opaque/.wh..wh..opq f0", "opaque/new f1");
  }

  @Test
  void aWhiteoutDeviceBecomesAWhiteoutFile() throws Exception {
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
        "mknod of a whiteout needs root");
    Files.createDirectories(upper.resolve("bin"));
    Process p = new ProcessBuilder("mknod", upper.resolve("bin/cat").toString(), "c", "0", "0")
        .inheritIO().start();
    assertThat(p.waitFor()).isZero();
    assertThat(entries(upper)).containsExactly("bin/ d", "bin/.wh.cat f0");
  }
}
