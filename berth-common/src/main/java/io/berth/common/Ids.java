package io.berth.common;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random 64-hex object ids, as Docker makes for containers, execs and networks. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
