package io.berth.cli;

/**
 * Just enough of docker's reference grammar for the CLI: familiar names for display and the
 * repository/tag split for requests. Full validation is the daemon's job.
 */
record ImageName(String repository, String tag, String digest) {
  /** Splits {@code repo[:tag][@digest]}; the tag is the part after the last ':' past the last '/'. */
  static ImageName parse(String ref) {
    String digest = null;
    int at = ref.indexOf('@');
    if (at >= 0) {
      digest = ref.substring(at + 1);
      ref = ref.substring(0, at);
    }
    int colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      return new ImageName(ref.substring(0, colon), ref.substring(colon + 1), digest);
    }
    return new ImageName(ref, null, digest);
  }

  /** docker's FamiliarName: drops {@code docker.io/} and {@code library/}. */
  static String familiar(String repository) {
    String r = repository;
    if (r.startsWith("docker.io/")) {
      r = r.substring("docker.io/".length());
      if (r.startsWith("library/") && r.indexOf('/', "library/".length()) < 0) {
        r = r.substring("library/".length());
      }
    }
    return r;
  }

  /** docker's ParseNormalizedNamed name: {@code busybox} is {@code docker.io/library/busybox}. */
  static String normalized(String repository) {
    int slash = repository.indexOf('/');
    if (slash < 0) {
      return "docker.io/library/" + repository;
    }
    String domain = repository.substring(0, slash);
    if ((domain.equals("docker.io") || domain.equals("index.docker.io"))
        && repository.indexOf('/', slash + 1) < 0) {
      return "docker.io/library/" + repository.substring(slash + 1);
    }
    if (domain.contains(".") || domain.contains(":") || domain.equals("localhost")) {
      return repository;
    }
    return "docker.io/" + repository;
  }
}
