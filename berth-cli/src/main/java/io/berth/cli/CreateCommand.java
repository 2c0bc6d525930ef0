package io.berth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth create}: {@code POST /containers/create} (pulling a missing image); prints the id. */
@Command(name = "create", description = "Create a new container")
final class CreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ContainerOptions opts;

  @Option(names = "--pull", paramLabel = "string", defaultValue = "missing",
      description = "Pull image before running (\"always\", \"missing\", \"never\")")
  String pull;

  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND")
  List<String> cmd = new ArrayList<>();

  @Override
  public Integer call() {
    try {
      String id = Containers.create(BerthCommand.api(spec), opts.body(image, cmd,
          opts.tty && Terminal.stdout.getAsBoolean() ? Terminal.size() : null, System::getenv),
          opts.name, image, pull);
      System.out.println(id);
      return 0;
    } catch (CliException e) {
      throw Containers.statusError(e.getMessage(), "create");
    }
  }
}
