package io.berth.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Image records and names on disk under {@code <root>/image/}: {@code images/<hex>.json} per
 * image and {@code references.json} mapping normalised {@code repo:tag} and
 * {@code repo@digest} to image IDs. Every write is atomic; the constructor reads it all back.
 */
public final class ImageStore {
  private static final TypeReference<TreeMap<String, String>> REFS = new TypeReference<>() {};
  private static final ObjectMapper JSON = OciJson.MAPPER.copy().registerModule(digests());

  private final Path imagesDir;
  private final Path refsFile;
  private final Map<Digest, ImageRecord> images = new ConcurrentHashMap<>();
  private final TreeMap<String, Digest> refs = new TreeMap<>();

  public ImageStore(Path root) {
    this.imagesDir = root.resolve("image").resolve("images");
    this.refsFile = root.resolve("image").resolve("references.json");
    try {
      Files.createDirectories(imagesDir);
      try (Stream<Path> files = Files.list(imagesDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          ImageRecord r = JSON.readValue(f.toFile(), ImageRecord.class);
          images.put(r.id(), r);
        }
      }
      if (Files.exists(refsFile)) {
        JSON.readValue(refsFile.toFile(), REFS).forEach((k, v) -> refs.put(k, Digest.parse(v)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("read image store " + imagesDir, e);
    }
  }

  public synchronized void put(ImageRecord record) {
    try {
      AtomicFiles.write(imagesDir.resolve(record.id().hex() + ".json"),
          JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw BerthException.internal("write image record " + record.id(), e);
    }
    images.put(record.id(), record);
  }

  public Optional<ImageRecord> get(Digest id) {
    return Optional.ofNullable(images.get(id));
  }

  public List<ImageRecord> all() {
    return images.values().stream().sorted(Comparator.comparing(r -> r.id().hex())).toList();
  }

  /** Images whose ID starts with {@code hexPrefix}. */
  public List<ImageRecord> byPrefix(String hexPrefix) {
    return images.values().stream().filter(r -> r.id().hex().startsWith(hexPrefix)).toList();
  }

  /** Images whose parent is {@code id}. */
  public List<ImageRecord> children(Digest id) {
    return images.values().stream().filter(r -> id.equals(r.parent())).toList();
  }

  /** Deletes the record and every name that points to it. */
  public synchronized void delete(Digest id) {
    if (refs.values().removeIf(id::equals)) {
      writeRefs();
    }
    images.remove(id);
    try {
      Files.deleteIfExists(imagesDir.resolve(id.hex() + ".json"));
    } catch (IOException e) {
      throw BerthException.internal("delete image record " + id, e);
    }
  }

  /** The image a normalised name points to. */
  public synchronized Optional<Digest> resolve(Reference ref) {
    return Optional.ofNullable(refs.get(ref.toString()));
  }

  /** Points {@code ref} at {@code id}; returns the image it pointed to before, or null. */
  public synchronized Digest setRef(Reference ref, Digest id) {
    Digest old = refs.put(ref.toString(), id);
    writeRefs();
    return old;
  }

  /** Removes a name; false when it did not exist. */
  public synchronized boolean removeRef(Reference ref) {
    boolean removed = refs.remove(ref.toString()) != null;
    if (removed) {
      writeRefs();
    }
    return removed;
  }

  /** The names of {@code id}, sorted. */
  public synchronized List<Reference> refsOf(Digest id) {
    List<Reference> out = new ArrayList<>();
    refs.forEach((k, v) -> {
      if (v.equals(id)) {
        out.add(Reference.parse(k));
      }
    });
    return out;
  }

  private void writeRefs() {
    TreeMap<String, String> out = new TreeMap<>();
    refs.forEach((k, v) -> out.put(k, v.toString()));
    try {
      AtomicFiles.write(refsFile, JSON.writeValueAsBytes(out));
    } catch (IOException e) {
      throw BerthException.internal("write " + refsFile, e);
    }
  }

  private static SimpleModule digests() {
    SimpleModule m = new SimpleModule("digests");
    m.addSerializer(Digest.class, new JsonSerializer<>() {
      @Override
      public void serialize(Digest d, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(d.toString());
      }
    });
    m.addDeserializer(Digest.class, new JsonDeserializer<>() {
      @Override
      public Digest deserialize(JsonParser p, DeserializationContext c) throws IOException {
        return Digest.parse(p.getValueAsString());
      }
    });
    return m;
  }
}
