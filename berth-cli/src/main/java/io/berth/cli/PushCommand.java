package io.berth.cli;

import io.berth.common.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code berth push}: {@code POST /images/{name}/push?tag=} with stored credentials. */
@Command(name = "push", description = "Upload an image to a registry")
final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Parameters(index = "0", paramLabel = "NAME[:TAG]")
  String image;

  @Override
  public Integer call() {
    ImageName ref = ImageName.parse(image);
    String tag = ref.tag() == null ? "latest" : ref.tag();
    String server = DockerConfig.serverKey(DockerConfig.registryOf(ref.repository()));
    String auth = DockerConfig.load().registryAuth(server);
    Query q = Query.path("/images/", ref.repository(), "/push").add("tag", tag);
    PrintStream out = quiet ? new PrintStream(java.io.OutputStream.nullOutputStream())
        : System.out;
    try (DaemonClient.Streamed s = BerthCommand.api(spec).stream("POST", q.toString(), null,
        Map.of("X-Registry-Auth", auth))) {
      ProgressBars.render(s.body(), out, !quiet && Terminal.stdout.getAsBoolean());
    } catch (IOException e) {
      throw new CliException("error during connect: " + Messages.of(e));
    }
    if (quiet) {
      System.out.println(ref.repository() + ":" + tag);
    }
    return 0;
  }
}
