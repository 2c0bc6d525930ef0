package io.berth.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth tag SOURCE TARGET}: {@code POST /images/{source}/tag?repo=&tag=}, the target
 * normalized and tagged "latest" by default, as the docker CLI sends it.
 */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
final class TagCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
  String target;

  @Override
  public Integer call() {
    ImageName t = ImageName.parse(target);
    if (t.digest() != null) {
      throw new CliException("refusing to create a tag with a digest reference");
    }
    String repo = ImageName.normalized(t.repository());
    if (!repo.equals(repo.toLowerCase(Locale.ROOT))) {
      throw new CliException("Error parsing reference: \"" + target + "\" is not a valid "
          + "repository/tag: invalid reference format: repository name must be lowercase");
    }
    BerthCommand.api(spec).call("POST", Query.path("/images/", source, "/tag")
        .add("repo", repo).add("tag", t.tag() == null ? "latest" : t.tag()).toString());
    return 0;
  }
}
