package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.common.AtomicFiles;
import io.berth.common.BerthException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@link ConmonRuntime#load} needs to re-adopt a task after a berthd restart, kept next
 * to conmon's files as {@code task.json}: the bundle may be gone by then, and the cgroup path
 * is needed to clean up after {@code runc delete}, which leaves empty v1 cgroup dirs behind.
 */
record TaskMeta(String id, String runtime, String bundle, boolean terminal, boolean stdin,
    String cgroupsPath) {
  private static final ObjectMapper JSON = new ObjectMapper();

  void write(Path file) {
    try {
      // in the exec root, about a process that a host crash ends: no fsync
      AtomicFiles.replace(file, JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw BerthException.internal("write task state " + file, e);
    }
  }

  static TaskMeta read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), TaskMeta.class);
  }
}
