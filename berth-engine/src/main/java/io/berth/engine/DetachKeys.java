package io.berth.engine;

import io.berth.common.BerthException;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The detach sequence (default ctrl-p ctrl-q) watched in an attached client's input, as moby's
 * escape proxy ({@code daemon/internal/stream/attach.go}, {@code term.EscapeProxy}): bytes that
 * could start it are held back; the full sequence detaches the client and is not sent; a
 * mismatch sends what was held.
 */
final class DetachKeys {
  static final byte[] DEFAULT = {16, 17};

  private final byte[] keys;
  private int matched;

  DetachKeys(byte[] keys) {
    this.keys = keys;
  }

  /**
   * Docker's {@code term.ToBytes}: comma-separated {@code ctrl-<a-z @ [ \ ] ^ _>} or single
   * characters; empty is the default. 400 for anything else.
   */
  static byte[] parse(String spec) {
    if (spec == null || spec.isEmpty()) {
      return DEFAULT;
    }
    String[] parts = spec.split(",");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(Locale.ROOT);
      int special = p.length() == 6 ? "@[\\]^_".indexOf(p.charAt(5)) : -1;
      if (p.length() == 1) {
        out[i] = (byte) p.charAt(0);
      } else if (p.length() == 6 && p.startsWith("ctrl-") && p.charAt(5) >= 'a'
          && p.charAt(5) <= 'z') {
        out[i] = (byte) (p.charAt(5) - 'a' + 1);
      } else if (p.startsWith("ctrl-") && special >= 0) {
        out[i] = (byte) (special == 0 ? 0 : 26 + special);
      } else {
        throw BerthException.invalid("Invalid detach keys (" + spec + ") provided");
      }
    }
    return out;
  }

  /** Adds what may be sent of {@code n} bytes to {@code out}; true when the sequence completed. */
  boolean feed(byte[] in, int n, ByteArrayOutputStream out) {
    for (int i = 0; i < n; i++) {
      if (in[i] == keys[matched]) {
        if (++matched == keys.length) {
          return true;
        }
        continue;
      }
      out.write(keys, 0, matched);
      matched = 0;
      if (in[i] == keys[0]) {
        if (keys.length == 1) {
          return true;
        }
        matched = 1;
      } else {
        out.write(in[i]);
      }
    }
    return false;
  }
}
