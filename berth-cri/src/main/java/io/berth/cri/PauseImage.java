package io.berth.cri;

import io.berth.common.BerthException;
import io.berth.image.ImageImporter;
import io.berth.image.ImageService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * berth's own sandbox image, {@value #NAME}: one layer holding {@code /pause}
 * ({@link PauseBinary}), imported into the image store the first time a pod needs it.
 */
final class PauseImage {
  static final String NAME = "berth.local/pause:1";

  private PauseImage() {}

  /** Makes the image unless it is there; returns its name. */
  static String ensure(ImageService images) {
    try {
      images.inspect(NAME);
      return NAME;
    } catch (BerthException.NotFound e) {
      images.importImage(new ByteArrayInputStream(tar()), new ImageImporter.Request(
          "berth.local/pause", "1", List.of("CMD [\"/pause\"]"), "berth pod sandbox", "-"));
      return NAME;
    }
  }

  static byte[] tar() {
    byte[] pause = PauseBinary.bytes();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
      TarArchiveEntry e = new TarArchiveEntry("pause");
      e.setMode(0755);
      e.setSize(pause.length);
      e.setModTime(0);
      tar.putArchiveEntry(e);
      tar.write(pause);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new IllegalStateException("pause image tar", e);
    }
    return buf.toByteArray();
  }
}
