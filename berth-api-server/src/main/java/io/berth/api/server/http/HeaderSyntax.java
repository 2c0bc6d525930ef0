package io.berth.api.server.http;

/** RFC 9110 syntax checks for header names, values and Host, as Go's httpguts makes them. */
final class HeaderSyntax {
  private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";

  private HeaderSyntax() {}

  /** A token (header name, method): visible ASCII without separators, not empty. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || TOKEN_SPECIALS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A field value: no control bytes except horizontal tab. */
  static boolean isValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code ValidHostHeader}: the characters a host, port or IPv6 literal may have. */
  static boolean isHost(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || "!$%&'()*+,-.:;=[]_~".indexOf(c) >= 0 || c >= 0x80;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
