package io.berth.image;

import io.berth.common.BerthException;
import io.berth.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Recognises a compressed tar by its magic bytes, as Docker's {@code archive.DetectCompression}
 * does, and opens the uncompressed stream.
 */
public final class Compression {
  /** What a stream is compressed with. */
  public enum Kind { NONE, GZIP, BZIP2, XZ, ZSTD }

  private Compression() {}

  /** Peeks at the first bytes of {@code in}, which must support mark/reset. */
  public static Kind detect(InputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(6);
    in.reset();
    if (starts(head, 0x1f, 0x8b)) {
      return Kind.GZIP;
    }
    if (starts(head, 'B', 'Z', 'h')) {
      return Kind.BZIP2;
    }
    if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return Kind.XZ;
    }
    if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Kind.ZSTD;
    }
    return Kind.NONE;
  }

  /** The uncompressed content of {@code raw}; zstd and xz are InvalidArgument for now. */
  public static InputStream decompress(InputStream raw) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 64 * 1024);
    return switch (detect(in)) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 64 * 1024);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> throw BerthException.invalid("xz-compressed archives are not supported");
      case ZSTD -> throw BerthException.invalid("zstd-compressed layers are not supported yet");
    };
  }

  /** The layer media type that fits the compression of a layer found in an archive. */
  public static String layerMediaType(Kind kind) {
    return switch (kind) {
      case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
      case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
      default -> MediaTypes.DOCKER_LAYER;
    };
  }

  private static boolean starts(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why reading an archive failed, in Go's words where Commons Compress has its own: a tar or
   * a compressed stream that ends early is {@code unexpected EOF}, as dockerd says.
   */
  static String reason(java.io.IOException e) {
    String m = e.getMessage();
    if (e instanceof java.io.EOFException || m == null || m.startsWith("Truncated")
        || m.contains("Unexpected end")) {
      return "unexpected EOF";
    }
    return m;
  }
}
