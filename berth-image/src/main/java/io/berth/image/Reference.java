package io.berth.image;

import io.berth.common.BerthException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised image reference, as distribution/reference's {@code ParseNormalizedNamed}:
 * {@code busybox} is {@code docker.io/library/busybox}, {@code foo/bar} is
 * {@code docker.io/foo/bar}; a first component with a dot or a port, or {@code localhost}, is a
 * registry. {@code tag} and {@code digest} are null when absent.
 */
public record Reference(String domain, String path, String tag, String digest) {
  public static final String DOCKER_IO = "docker.io";

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
      + ")*|\\[(?:[a-fA-F0-9:]+)\\])";
  private static final String DOMAIN = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE = Pattern.compile("((?:" + DOMAIN + "/)?" + PATH_COMPONENT
      + "(?:/" + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
  private static final Pattern ANY_CASE_NAME = Pattern.compile("((?:" + DOMAIN + "/)?"
      + "[a-zA-Z0-9]+(?:" + SEPARATOR + "[a-zA-Z0-9]+)*(?:/[a-zA-Z0-9]+(?:" + SEPARATOR
      + "[a-zA-Z0-9]+)*)*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
  private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");
  private static final int NAME_MAX = 255;

  /** Parses and normalises {@code text}; a bad one is InvalidArgument "invalid reference format". */
  public static Reference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw BerthException.invalid("invalid reference format");
    }
    if (ID.matcher(text).matches()) {
      throw BerthException.invalid("invalid repository name (" + text
          + "), cannot specify 64-byte hexadecimal strings");
    }
    Matcher m = REFERENCE.matcher(text);
    if (!m.matches()) {
      Matcher upper = ANY_CASE_NAME.matcher(text);
      if (upper.matches()) {
        String[] split = split(upper.group(1));
        if (!split[1].equals(split[1].toLowerCase(Locale.ROOT))) {
          throw BerthException.invalid("invalid reference format: repository name (" + split[1]
              + ") must be lowercase");
        }
      }
      throw BerthException.invalid("invalid reference format");
    }
    String name = m.group(1);
    if (name.length() > NAME_MAX) {
      throw BerthException.invalid("invalid reference format: repository name must not be more"
          + " than " + NAME_MAX + " characters");
    }
    String[] split = split(name);
    if (!split[1].equals(split[1].toLowerCase(Locale.ROOT))) {
      throw BerthException.invalid("invalid reference format: repository name (" + split[1]
          + ") must be lowercase");
    }
    return new Reference(split[0], split[1], m.group(2), m.group(3));
  }

  /** distribution's {@code splitDockerDomain}: {domain, path}. */
  private static String[] split(String name) {
    int i = name.indexOf('/');
    String domain;
    String rest;
    if (i < 0 || (!name.substring(0, i).matches(".*[.:].*") && !name.startsWith("localhost/")
        && name.substring(0, i).equals(name.substring(0, i).toLowerCase(Locale.ROOT)))) {
      domain = DOCKER_IO;
      rest = name;
    } else {
      domain = name.substring(0, i);
      rest = name.substring(i + 1);
    }
    if (domain.equals("index.docker.io")) {
      domain = DOCKER_IO;
    }
    if (domain.equals(DOCKER_IO) && rest.indexOf('/') < 0) {
      rest = "library/" + rest;
    }
    return new String[] {domain, rest};
  }

  /** True when {@code text} is a full image ID, with or without {@code sha256:}. */
  public static boolean isFullId(String text) {
    return ID.matcher(text.startsWith("sha256:") ? text.substring(7) : text).matches();
  }

  /** The repository, e.g. {@code docker.io/library/busybox}. */
  public String name() {
    return domain + "/" + path;
  }

  /** {@code :latest} added when there is neither tag nor digest (distribution's TagNameOnly). */
  public Reference withDefaultTag() {
    return tag == null && digest == null ? new Reference(domain, path, "latest", null) : this;
  }

  public Reference withTag(String newTag) {
    return new Reference(domain, path, newTag, null);
  }

  public Reference withDigest(String newDigest) {
    return new Reference(domain, path, null, newDigest);
  }

  /** The name as people write it: {@code busybox}, {@code foo/bar}, {@code localhost:5000/x}. */
  public String familiarName() {
    if (!domain.equals(DOCKER_IO)) {
      return name();
    }
    return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
  }

  /** {@code busybox:latest}, {@code foo/bar@sha256:...}. */
  public String familiar() {
    return familiarName() + suffix();
  }

  private String suffix() {
    return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** The normalised form, {@code docker.io/library/busybox:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }
}
