package io.berth.cli;

import java.io.IOException;
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
    Query q = Query.path("/images/get");
    images.forEach(i -> q.add("names", i));
    return TarDownload.run(BerthCommand.api(spec), q.toString(), output, "save image");
  }
}
