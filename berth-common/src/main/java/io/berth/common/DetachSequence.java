package io.berth.common;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The detach sequence (default ctrl-p ctrl-q) watched in an attached client's input, as moby's
 * escape proxy ({@code term.EscapeProxy}): bytes that could start it are held back; the full
 * sequence detaches and is not sent; a mismatch sends what was held. Both ends of an attach
 * watch it: the daemon ({@code Attachment}) and the CLI, which must not wait for a container
 * that goes on running.
 */
public final class DetachSequence {
  public static final byte[] DEFAULT = {16, 17};

  private final byte[] keys;
  private int matched;

  public DetachSequence(byte[] keys) {
    this.keys = keys.clone();
  }

  /**
   * Docker's {@code term.ToBytes}: comma-separated {@code ctrl-<a-z @ [ \ ] ^ _>} or single
   * characters; null or empty is {@link #DEFAULT}; anything else is empty (the daemon answers
   * 400, the CLI falls back to the default).
   */
  public static Optional<byte[]> parse(String spec) {
    if (spec == null || spec.isEmpty()) {
      return Optional.of(DEFAULT.clone());
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
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** Adds what may be sent of {@code n} bytes to {@code out}; true when the sequence completed. */
  public boolean feed(byte[] in, int n, ByteArrayOutputStream out) {
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
