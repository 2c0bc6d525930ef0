package io.berth.network;

import io.berth.common.BerthException;

/**
 * One legacy link, {@code name:alias} ({@code --link name:alias}; {@code name} alone aliases
 * the name itself). HostConfig.Links carries them as {@code /name:/container/alias}, endpoint
 * settings as {@code name:alias}; both parse here.
 */
public record Links(String name, String alias) {
  public static Links parse(String s) {
    if (s == null || s.isBlank()) {
      throw BerthException.invalid("invalid link: empty");
    }
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    String alias = colon < 0 ? name : s.substring(colon + 1);
    name = name.startsWith("/") ? name.substring(1) : name;
    int slash = alias.lastIndexOf('/');
    alias = slash >= 0 ? alias.substring(slash + 1) : alias;
    if (name.isEmpty() || alias.isEmpty() || name.contains("/")) {
      throw BerthException.invalid("invalid link: " + s);
    }
    return new Links(name, alias);
  }

  @Override
  public String toString() {
    return name + ":" + alias;
  }
}
