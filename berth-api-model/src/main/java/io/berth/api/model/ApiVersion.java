package io.berth.api.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Docker Engine API version such as {@code 1.44}, compared numerically per component. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** The version berth advertises (Testcontainers asks for 1.44; 1.45 changes image inspect). */
  public static final ApiVersion CURRENT = new ApiVersion(1, 44);
  /** The oldest version berth accepts, as moby's absolute floor. */
  public static final ApiVersion MINIMUM = new ApiVersion(1, 24);

  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\.(\\d+)");

  /** Parses {@code X.Y}; returns null when the text is not a version. */
  public static ApiVersion parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public boolean atLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  public boolean atLeast(int major, int minor) {
    return atLeast(new ApiVersion(major, minor));
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
