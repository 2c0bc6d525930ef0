package io.berth.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth save}: streams {@code GET /images/get?names=...} to a file or stdout. A file is
 * written beside its final name and renamed into place, so a failed save leaves no half tar.
 */
@Command(name = "save",
    description = "Save one or more images to a tar archive (streamed to STDOUT by default)")
final class SaveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "string",
      description = "Write to a file, instead of STDOUT")
  String output;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() throws IOException {
    if (output == null && Terminal.stdout.getAsBoolean()) {
      throw new CliException(
          "cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    Path file = output == null ? null : Path.of(output).toAbsolutePath();
    if (file != null && !Files.isDirectory(file.getParent())) {
      throw new CliException("failed to save image: invalid output path: directory \""
          + file.getParent() + "\" does not exist");
    }
    Query q = Query.path("/images/get");
    images.forEach(i -> q.add("names", i));
    try (DaemonClient.Streamed s = BerthCommand.api(spec).stream("GET", q.toString(), null)) {
      if (file == null) {
        s.body().transferTo(System.out);
        System.out.flush();
        return 0;
      }
      Path tmp = Files.createTempFile(file.getParent(), ".berth-save-", ".tar");
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
