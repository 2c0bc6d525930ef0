package io.berth.engine.spec;

import io.berth.common.BerthException;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's argv and working directory, merged from image and container as Docker's create
 * does (moby {@code daemon/commit.go merge}, {@code getEntrypointAndArgs}).
 */
final class Commands {
  private Commands() {}

  /**
   * Entrypoint + cmd. A null container entrypoint keeps the image's; an empty one (or {@code [""]},
   * what {@code docker run --entrypoint ""} sends) removes it. The image's CMD is used only when
   * the container gives no CMD and no non-empty entrypoint.
   *
   * @throws BerthException.InvalidArgument "No command specified" when nothing is left to run
   */
  static List<String> args(List<String> imageEntrypoint, List<String> imageCmd,
      List<String> entrypoint, List<String> cmd) {
    List<String> ep = entrypoint == null ? null : blankToEmpty(entrypoint);
    List<String> effectiveCmd = cmd == null ? List.of() : cmd;
    if ((ep == null || ep.isEmpty()) && effectiveCmd.isEmpty()) {
      effectiveCmd = orEmpty(imageCmd);
    }
    List<String> effectiveEp = ep == null ? orEmpty(imageEntrypoint) : ep;
    List<String> args = new ArrayList<>(effectiveEp);
    args.addAll(effectiveCmd);
    if (args.isEmpty()) {
      throw BerthException.invalid("No command specified");
    }
    return List.copyOf(args);
  }

  /**
   * The container's working directory, else the image's, else {@code /}.
   *
   * @throws BerthException.InvalidArgument for a relative path, with Docker's text
   */
  static String workingDir(String imageDir, String containerDir) {
    String dir = notEmpty(containerDir) ? containerDir : notEmpty(imageDir) ? imageDir : "/";
    if (!dir.startsWith("/")) {
      throw BerthException.invalid("the working directory '" + dir
          + "' is invalid, it needs to be an absolute path");
    }
    return dir;
  }

  private static List<String> blankToEmpty(List<String> entrypoint) {
    return entrypoint.size() == 1 && entrypoint.getFirst().isEmpty() ? List.of() : entrypoint;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
