package io.berth.cli;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The detach sequence watched in a tty's input, as docker's term.EscapeProxy does: bytes that
 * could start the sequence are held back; a full match means "detach" and is not sent, a
 * mismatch sends what was held. The daemon watches too; the CLI must know so that it does not
 * wait for a container that goes on running.
 */
final class DetachKeys {
  private final byte[] keys;
  private int matched;

  DetachKeys(String spec) {
    this.keys = parse(spec == null || spec.isEmpty() ? "ctrl-p,ctrl-q" : spec);
  }

  /**
   * docker's term.ToBytes: comma-separated {@code ctrl-<a-z@[\]^_>} or single characters;
   * anything else falls back to ctrl-p,ctrl-q, as the CLI does with an invalid sequence.
   */
  static byte[] parse(String spec) {
    String[] parts = spec.split(",");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.length() == 1) {
        out[i] = (byte) p.charAt(0);
      } else if (p.length() == 6 && p.startsWith("ctrl-")) {
        char c = p.charAt(5);
        if (c >= 'a' && c <= 'z') {
          out[i] = (byte) (c - 'a' + 1);
        } else if ("@[\\]^_".indexOf(c) >= 0) {
          out[i] = (byte) ("@[\\]^_".indexOf(c) == 0 ? 0 : 26 + "@[\\]^_".indexOf(c));
        } else {
          return new byte[] {16, 17};
        }
      } else {
        return new byte[] {16, 17};
      }
    }
    return out;
  }

  /** Adds what may be sent of {@code n} input bytes to {@code out}; true when the sequence completed. */
  boolean feed(byte[] in, int n, ByteArrayOutputStream out) {
    for (int i = 0; i < n; i++) {
      if (in[i] == keys[matched]) {
        matched++;
        if (matched == keys.length) {
          return true;
        }
        continue;
      }
      out.write(keys, 0, matched);
      matched = 0;
      if (in[i] == keys[0]) {
        matched = 1;
        if (keys.length == 1) {
          return true;
        }
      } else {
        out.write(in[i]);
      }
    }
    return false;
  }
}
