package io.berth.testkit;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An in-memory content store that verifies size and digest on commit, as the real one must. */
public final class MemoryContentStore implements ContentStore {
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  private final Set<String> refs = ConcurrentHashMap.newKeySet();

  @Override
  public BlobWriter writer(String ref, long expectedSize, Digest expected) {
    if (!refs.add(ref)) {
      throw BerthException.conflict("ref " + ref + " is locked: another writer is active");
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    return new BlobWriter() {
      @Override
      public void write(int b) {
        buf.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        buf.write(b, off, len);
      }

      @Override
      public BlobInfo commit() {
        byte[] data = buf.toByteArray();
        Digest d = Digest.sha256(data);
        if (expectedSize >= 0 && expectedSize != data.length) {
          throw BerthException.invalid("failed to commit blob: unexpected commit size "
              + data.length + ", expected " + expectedSize);
        }
        if (expected != null && !expected.equals(d)) {
          throw BerthException.invalid("failed to commit blob: unexpected digest " + d
              + ", expected " + expected);
        }
        blobs.putIfAbsent(d, data);
        return new BlobInfo(d, data.length);
      }

      @Override
      public long written() {
        return buf.size();
      }

      @Override
      public void close() {
        refs.remove(ref);
      }
    };
  }

  @Override
  public boolean exists(Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public BlobInfo info(Digest digest) {
    return new BlobInfo(digest, get(digest).length);
  }

  @Override
  public InputStream open(Digest digest) {
    return new ByteArrayInputStream(get(digest));
  }

  private byte[] get(Digest digest) {
    byte[] b = blobs.get(digest);
    if (b == null) {
      throw BerthException.notFound("content digest " + digest + ": not found");
    }
    return b;
  }

  @Override
  public void delete(Digest digest) {
    blobs.remove(digest);
  }

  @Override
  public void walk(Consumer<BlobInfo> fn) {
    List.copyOf(blobs.keySet()).forEach(d -> fn.accept(new BlobInfo(d, blobs.get(d).length)));
  }

  public int size() {
    return blobs.size();
  }
}
