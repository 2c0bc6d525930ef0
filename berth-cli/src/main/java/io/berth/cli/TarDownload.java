package io.berth.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A tar from the daemon ({@code save}, {@code export}) to stdout, never a terminal, or to the
 * {@code -o} file through a temp file and a rename, so a failed download leaves nothing behind.
 */
final class TarDownload {
  private TarDownload() {}

  /**
   * @param what the verb in docker's error text: "save image", "export container"
   */
  static int run(Api api, String target, String output, String what) throws IOException {
    if (output == null && Terminal.stdout.getAsBoolean()) {
      throw new CliException(
          "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    Path file = output == null ? null : Path.of(output).toAbsolutePath();
    if (file != null && !Files.isDirectory(file.getParent())) {
      throw new CliException("failed to " + what + ": invalid output path: directory \""
          + file.getParent() + "\" does not exist");
    }
    try (DaemonClient.Streamed s = api.stream("GET", target, null)) {
      if (file == null) {
        s.body().transferTo(System.out);
        System.out.flush();
        return 0;
      }
      Path tmp = Files.createTempFile(file.getParent(), ".berth-", ".tar");
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          s.body().transferTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return 0;
  }
}
