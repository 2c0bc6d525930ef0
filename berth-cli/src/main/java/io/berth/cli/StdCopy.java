package io.berth.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Docker's stdcopy framing, as attach, exec and logs send it for a container without a tty:
 * an 8-byte header {@code [type, 0, 0, 0, size (uint32 big-endian)]}, then {@code size} bytes.
 * Type 0 (stdin, echoed) and 1 go to stdout, 2 to stderr; 3 is an error from the daemon in the
 * middle of the stream (moby {@code pkg/stdcopy}).
 */
public final class StdCopy {
  private StdCopy() {}

  /** Copies frames until the stream ends; each frame is flushed as it arrives. */
  public static void demux(InputStream in, OutputStream out, OutputStream err) throws IOException {
    byte[] header = new byte[8];
    byte[] buf = new byte[32 * 1024];
    while (true) {
      int n = in.readNBytes(header, 0, 8);
      if (n == 0) {
        return;
      }
      if (n < 8) {
        throw new EOFException("unexpected EOF in a stream frame header");
      }
      long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16)
          | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      OutputStream to = switch (header[0]) {
        case 0, 1 -> out;
        case 2 -> err;
        case 3 -> null;
        default -> throw new IOException("Unrecognized input header: " + header[0]);
      };
      if (to == null) {
        byte[] msg = in.readNBytes((int) Math.min(size, 1 << 20));
        throw new CliException("error from daemon in stream: "
            + new String(msg, StandardCharsets.UTF_8));
      }
      while (size > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, size));
        if (r < 0) {
          throw new EOFException("unexpected EOF in a stream frame");
        }
        to.write(buf, 0, r);
        size -= r;
      }
      to.flush();
    }
  }

  /** One frame, as the daemon writes it (for tests and fakes). */
  static byte[] frame(int type, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    byte[] f = new byte[8 + p.length];
    f[0] = (byte) type;
    f[4] = (byte) (p.length >>> 24);
    f[5] = (byte) (p.length >>> 16);
    f[6] = (byte) (p.length >>> 8);
    f[7] = (byte) p.length;
    System.arraycopy(p, 0, f, 8, p.length);
    return f;
  }
}
