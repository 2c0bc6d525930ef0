package io.berth.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tar stream in which every GNU PAX sparse entry (formats 0.0, 0.1 and 1.0) whose sizes do
 * not fit in an {@code int} is rewritten as a plain file of its real size, the holes filled
 * with zeros (as Go's archive/tar, which dockerd uses, presents sparse files). Commons
 * Compress 1.28 parses {@code GNU.sparse.size} and {@code GNU.sparse.realsize} as an int and
 * refuses such files ({@code TarArchiveEntry.fillGNUSparse0xData}/{@code 1xData}). Every other
 * byte passes through unchanged; the writers of berth's files leave zero runs as holes.
 */
public final class PaxSparseExpander extends ChunkInputStream {
  static final int BLOCK = 512;
  /** PAX headers larger than this pass through untouched; the tar reader bounds them. */
  private static final int MAX_PAX = 1 << 20;
  private static final String SPARSE = "GNU.sparse.";

  private final InputStream in;
  private InputStream current = InputStream.nullInputStream();
  private boolean verbatim; // from the end-of-archive block on, everything passes as it is
  /** The {@code size} a PAX header gave the entry that follows it (its own field may say 0). */
  private long paxSize = -1;

  public PaxSparseExpander(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n = current.read(b, off, len);
      if (n >= 0) {
        return n;
      }
      if (verbatim) {
        return in.read(b, off, len);
      }
      if (!advance()) {
        return -1;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Reads the next header and sets {@link #current} to what stands for it and its data. The
   * streams it is made of never close {@link #in}: that stays the caller's.
   */
  private boolean advance() throws IOException {
    byte[] header = in.readNBytes(BLOCK);
    if (header.length == 0) {
      return false;
    }
    long size = header.length < BLOCK ? -1 : TarHeader.size(header);
    if (size < 0 || isZero(header)) {
      // the end of the archive, or a header the tar reader refuses with its own words
      current = new ByteArrayInputStream(header);
      verbatim = true;
      return true;
    }
    byte type = header[TarHeader.TYPE];
    if (type == 'x' && size <= MAX_PAX) {
      byte[] data = in.readNBytes((int) padded(size));
      List<String[]> records = PaxRecords.parse(Arrays.copyOf(data, (int) Math.min(size,
          data.length)));
      if (records != null && needsExpansion(records)) {
        current = expand(header, records);
        return true;
      }
      paxSize = records == null ? -1 : paxSize(records);
      current = new SequenceInputStream(new ByteArrayInputStream(header),
          new ByteArrayInputStream(data));
      return true;
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(header);
    if (type == 'S' && header[TarHeader.GNU_EXTENDED] != 0) { // old GNU sparse map blocks
      byte[] ext;
      do {
        ext = in.readNBytes(BLOCK);
        head.write(ext);
      } while (ext.length == BLOCK && ext[TarHeader.GNU_EXT_EXTENDED] != 0);
    }
    boolean meta = type == 'x' || type == 'g' || type == 'L' || type == 'K';
    if (!meta) { // the entry a PAX header (and GNU long names) came before
      if (paxSize >= 0) {
        size = paxSize; // the PAX size is the entry's, as the tar reader reads it
      }
      paxSize = -1;
    }
    current = new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()),
        bounded(in, padded(size)));
    return true;
  }

  private static long paxSize(List<String[]> records) {
    long size = -1;
    for (String[] r : records) {
      if (r[0].equals("size")) {
        try {
          size = Long.parseLong(r[1]);
        } catch (NumberFormatException e) {
          size = -1; // the tar reader refuses it
        }
      }
    }
    return size;
  }

  private static boolean needsExpansion(List<String[]> records) {
    for (String[] r : records) {
      if (r[0].equals(SPARSE + "size") || r[0].equals(SPARSE + "realsize")) {
        try {
          return Long.parseLong(r[1]) > Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
          return false; // the tar reader refuses it with its own message
        }
      }
    }
    return false;
  }

  /** The PAX header of a large sparse file, its file header and data, as a plain file. */
  private InputStream expand(byte[] paxHeader, List<String[]> records) throws IOException {
    byte[] fileHeader = in.readNBytes(BLOCK);
    if (fileHeader.length < BLOCK || !(fileHeader[TarHeader.TYPE] == '0'
        || fileHeader[TarHeader.TYPE] == 0)) {
      throw new IOException("invalid tar: a PAX sparse header not followed by a file");
    }
    long stored = TarHeader.size(fileHeader);
    String major = null;
    String name = null;
    long realSize = -1;
    List<long[]> map = new ArrayList<>();
    List<String[]> kept = new ArrayList<>();
    long pendingOffset = -1;
    for (String[] r : records) {
      switch (r[0]) {
        case "GNU.sparse.major" -> major = r[1];
        case "GNU.sparse.name" -> name = r[1];
        case "GNU.sparse.size", "GNU.sparse.realsize" -> realSize = number(r[1]);
        case "GNU.sparse.offset" -> pendingOffset = number(r[1]);
        case "GNU.sparse.numbytes" -> {
          if (pendingOffset < 0) {
            throw new IOException("invalid tar: GNU.sparse.numbytes without an offset");
          }
          map.add(new long[] {pendingOffset, number(r[1])});
          pendingOffset = -1;
        }
        case "GNU.sparse.map" -> map.addAll(pairs(r[1].split(",", -1)));
        case "size" -> stored = number(r[1]);
        case "path" -> {
          if (name == null) {
            name = r[1];
          }
        }
        default -> {
          if (!r[0].startsWith(SPARSE)) {
            kept.add(r);
          }
        }
      }
    }
    if (stored < 0) {
      throw new IOException("invalid tar: sparse file with an invalid size");
    }
    BoundedInputStream data = bounded(in, padded(stored));
    if ("1".equals(major)) { // format 1.0: the map opens the file's data
      map = SparseMap.read1x(data);
    }
    SparseMap.check(map, realSize, stored);
    if (name == null) {
      name = TarHeader.name(fileHeader);
    }
    kept.add(new String[] {"path", name});
    kept.add(new String[] {"size", Long.toString(realSize)});
    byte[] pax = PaxRecords.write(kept);
    byte[] newPaxHeader = paxHeader.clone();
    TarHeader.setSize(newPaxHeader, pax.length);
    byte[] newFileHeader = fileHeader.clone();
    TarHeader.setSize(newFileHeader, 0); // the PAX size says it
    List<InputStream> parts = List.of(new ByteArrayInputStream(newPaxHeader),
        new ByteArrayInputStream(Arrays.copyOf(pax, (int) padded(pax.length))),
        new ByteArrayInputStream(newFileHeader),
        new SparseBody(data, map, realSize));
    return new SequenceInputStream(java.util.Collections.enumeration(parts));
  }

  private static List<long[]> pairs(String[] numbers) throws IOException {
    if (numbers.length % 2 != 0) {
      throw new IOException("invalid tar: odd GNU.sparse.map");
    }
    List<long[]> map = new ArrayList<>();
    for (int i = 0; i < numbers.length; i += 2) {
      map.add(new long[] {number(numbers[i]), number(numbers[i + 1])});
    }
    return map;
  }

  static long number(String s) throws IOException {
    try {
      long v = Long.parseLong(s.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IOException("invalid tar: bad number in a sparse header: " + s);
    }
  }

  static long padded(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static BoundedInputStream bounded(InputStream in, long size) {
    return BoundedInputStream.strict(in, size, () -> new IOException("Truncated TAR archive"));
  }
}
