package io.berth.snapshot;

import io.berth.common.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** One snapshot as stored in {@code <n>/metadata.properties}: its numeric id and its info. */
record SnapshotRecord(long id, String key, String parent, SnapshotInfo.Kind kind,
    Map<String, String> labels, Instant created) {
  static final String FILE = "metadata.properties";
  private static final String LABEL = "label.";

  SnapshotRecord {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  SnapshotInfo info() {
    return new SnapshotInfo(key, parent, kind, labels, created);
  }

  /** Writes the record atomically (temp file, fsync, rename, directory fsync). */
  void write(Path dir) {
    Properties p = new Properties();
    p.setProperty("id", Long.toString(id));
    p.setProperty("key", key);
    if (parent != null) {
      p.setProperty("parent", parent);
    }
    p.setProperty("kind", kind.name());
    p.setProperty("created", created.toString());
    labels.forEach((k, v) -> p.setProperty(LABEL + k, v));
    StringWriter out = new StringWriter();
    try {
      p.store(out, null);
    } catch (IOException e) {
      throw new IllegalStateException("a StringWriter does not fail", e);
    }
    AtomicFiles.writeString(dir.resolve(FILE), out.toString());
  }

  /** Reads {@code dir}'s record, or null when it has none (an interrupted prepare or remove). */
  static SnapshotRecord read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    Map<String, String> labels = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith(LABEL)) {
        labels.put(name.substring(LABEL.length()), p.getProperty(name));
      }
    }
    return new SnapshotRecord(Long.parseLong(p.getProperty("id")), p.getProperty("key"),
        p.getProperty("parent"), SnapshotInfo.Kind.valueOf(p.getProperty("kind")), labels,
        Instant.parse(p.getProperty("created")));
  }
}
