package io.berth.daemon;

import io.berth.common.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A stable id for this engine, kept in {@code <root>/engine-id} (dockerd's {@code engine-id}). */
final class EngineId {
  private EngineId() {}

  static String load(Path root) throws IOException {
    Path file = root.resolve("engine-id");
    if (Files.exists(file)) {
      String id = Files.readString(file).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString();
    AtomicFiles.writeString(file, id + "\n");
    return id;
  }
}
