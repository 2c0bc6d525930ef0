package io.berth.cri.stream;

import io.berth.common.Messages;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3(.1) frames on one connection, as spdystream (what client-go's remotecommand and
 * portforward speak) writes them: 8-byte headers, header blocks zlib-compressed with the SPDY
 * dictionary, one compression context per direction for the whole connection (each block ends
 * with a sync flush). Only what a streaming server needs: SYN_STREAM, SYN_REPLY, RST_STREAM,
 * SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE and data frames.
 *
 * <p>Reading and writing are independent: one thread may read while others write (writes are
 * serialised on the framer).
 */
public final class SpdyFramer {
  public static final int VERSION = 3;
  public static final int SYN_STREAM = 1;
  public static final int SYN_REPLY = 2;
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int PING = 6;
  public static final int GOAWAY = 7;
  public static final int HEADERS = 8;
  public static final int WINDOW_UPDATE = 9;
  public static final int FLAG_FIN = 0x01;
  /** The largest data frame this side writes (spdystream's own limit is 16 MiB - 1). */
  public static final int MAX_DATA = 32 * 1024;

  /**
   * One frame. A data frame has {@code type} 0 and its bytes in {@code data}; a control frame
   * its {@code streamId} (or PING's id, GOAWAY's last stream), {@code value} (RST_STREAM's and
   * GOAWAY's status, WINDOW_UPDATE's delta, SYN_STREAM's associated stream) and {@code headers}
   * (lower-case names; several values of one name are joined by NUL, as SPDY carries them).
   */
  public record Frame(int type, int flags, int streamId, int value, Map<String, String> headers,
      byte[] data) {
    public boolean control() {
      return type != 0;
    }

    public boolean fin() {
      return (flags & FLAG_FIN) != 0;
    }

    public static Frame data(int streamId, boolean fin, byte[] data) {
      return new Frame(0, fin ? FLAG_FIN : 0, streamId, 0, Map.of(), data);
    }

    public static Frame control(int type, int flags, int streamId, int value,
        Map<String, String> headers) {
      return new Frame(type, flags, streamId, value, headers, new byte[0]);
    }
  }

  private final DataInputStream in;
  private final DataOutputStream out;
  private final Inflater inflater = new Inflater();
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);

  public SpdyFramer(InputStream in, OutputStream out) {
    this.in = new DataInputStream(in);
    this.out = new DataOutputStream(out);
    deflater.setDictionary(SpdyDictionary.BYTES);
  }

  /** The next frame; null at the end of the connection (before a frame's first byte). */
  public Frame read() throws IOException {
    int first;
    try {
      first = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    int word = in.readInt();
    int flags = word >>> 24;
    int length = word & 0xffffff;
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new EOFException("SPDY frame cut short");
    }
    if (first >= 0) {
      return Frame.data(first & 0x7fffffff, (flags & FLAG_FIN) != 0, body);
    }
    int version = (first >>> 16) & 0x7fff;
    int type = first & 0xffff;
    if (version != VERSION) {
      throw new IOException("SPDY version " + version + " is not spoken here");
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    return switch (type) {
      case SYN_STREAM -> {
        int id = b.getInt() & 0x7fffffff;
        int assoc = b.getInt() & 0x7fffffff;
        b.getShort(); // priority and slot
        yield Frame.control(type, flags, id, assoc, headers(body, b.position()));
      }
      case SYN_REPLY, HEADERS -> Frame.control(type, flags, b.getInt() & 0x7fffffff, 0,
          headers(body, 4));
      case RST_STREAM, WINDOW_UPDATE -> Frame.control(type, flags, b.getInt() & 0x7fffffff,
          b.getInt(), Map.of());
      case GOAWAY -> Frame.control(type, flags, b.getInt() & 0x7fffffff,
          b.remaining() >= 4 ? b.getInt() : 0, Map.of());
      case PING -> Frame.control(type, flags, b.getInt(), 0, Map.of());
      default -> Frame.control(type, flags, 0, 0, Map.of()); // SETTINGS and others: not used
    };
  }

  /** Writes {@code f} and flushes it to the connection. */
  public synchronized void write(Frame f) throws IOException {
    if (!f.control()) {
      out.writeInt(f.streamId() & 0x7fffffff);
      out.writeInt((f.flags() << 24) | f.data().length);
      out.write(f.data());
      out.flush();
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    switch (f.type()) {
      case SYN_STREAM -> {
        b.writeInt(f.streamId());
        b.writeInt(f.value());
        b.writeShort(0);
        b.write(compress(f.headers()));
      }
      case SYN_REPLY, HEADERS -> {
        b.writeInt(f.streamId());
        b.write(compress(f.headers()));
      }
      case RST_STREAM, WINDOW_UPDATE, GOAWAY -> {
        b.writeInt(f.streamId());
        b.writeInt(f.value());
      }
      case PING -> b.writeInt(f.streamId());
      case SETTINGS -> b.writeInt(0);
      default -> throw new IllegalArgumentException("SPDY frame type " + f.type());
    }
    out.writeInt(0x80000000 | (VERSION << 16) | f.type());
    out.writeInt((f.flags() << 24) | body.size());
    body.writeTo(out);
    out.flush();
  }

  private Map<String, String> headers(byte[] body, int offset) throws IOException {
    inflater.setInput(body, offset, body.length - offset);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      while (true) {
        int n = inflater.inflate(buf);
        if (n == 0 && inflater.needsDictionary()) {
          inflater.setDictionary(SpdyDictionary.BYTES);
          continue;
        }
        if (n == 0 && (inflater.needsInput() || inflater.finished())) {
          break;
        }
        plain.write(buf, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IOException("SPDY header block: " + Messages.of(e), e);
    }
    ByteBuffer p = ByteBuffer.wrap(plain.toByteArray());
    Map<String, String> out = new LinkedHashMap<>();
    int pairs = p.getInt();
    for (int i = 0; i < pairs; i++) {
      String name = string(p).toLowerCase(Locale.ROOT);
      out.put(name, string(p));
    }
    return out;
  }

  private static String string(ByteBuffer p) {
    byte[] s = new byte[p.getInt()];
    p.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private byte[] compress(Map<String, String> headers) throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    DataOutputStream p = new DataOutputStream(plain);
    p.writeInt(headers.size());
    for (var e : headers.entrySet()) {
      byte[] k = e.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
      p.writeInt(k.length);
      p.write(k);
      p.writeInt(v.length);
      p.write(v);
    }
    deflater.setInput(plain.toByteArray());
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    do {
      n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      z.write(buf, 0, n);
    } while (n == buf.length || !deflater.needsInput());
    return z.toByteArray();
  }
}
