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

/** {@code berth pull}: {@code POST /images/create?fromImage=&tag=} with stored credentials. */
@Command(name = "pull", description = "Download an image from a registry")
final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Option(names = "--platform", paramLabel = "string",
      description = "Set platform if server is multi-platform capable")
  String platform;

  @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
  String image;

  @Override
  public Integer call() {
    ImageName ref = ImageName.parse(image);
    String tag = ref.digest() != null ? ref.digest() : ref.tag() == null ? "latest" : ref.tag();
    pull(BerthCommand.api(spec), ref.repository(), tag, platform, quiet ? null : System.out);
    if (quiet) {
      System.out.println(ImageName.familiar(ImageName.normalized(ref.repository()))
          + (ref.digest() != null ? "@" : ":") + tag);
    }
    return 0;
  }

  /** Pulls and renders the progress to {@code out} (null: silently). */
  static void pull(Api api, String repository, String tag, String platform, PrintStream out) {
    Query q = Query.path("/images/create").add("fromImage", repository).add("tag", tag);
    if (platform != null && !platform.isEmpty()) {
      q.add("platform", platform);
    }
    String server = DockerConfig.serverKey(DockerConfig.registryOf(repository));
    String auth = DockerConfig.load().registryAuth(server);
    try (DaemonClient.Streamed s = api.stream("POST", q.toString(), null,
        Map.of("X-Registry-Auth", auth))) {
      ProgressBars.render(s.body(), out == null ? new PrintStream(
          java.io.OutputStream.nullOutputStream()) : out,
          out == System.out && Terminal.stdout.getAsBoolean());
    } catch (IOException e) {
      throw new CliException("error during connect: " + Messages.of(e));
    }
  }
}
