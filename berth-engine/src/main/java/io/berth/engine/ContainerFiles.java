package io.berth.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/** The container's files (moby {@code copyBackend}): export and the archive endpoints. */
public interface ContainerFiles {
  /** {@code docker export}: the merged filesystem as a tar to {@code out}, left open. */
  void export(String ref, OutputStream out) throws IOException;

  /** {@code HEAD /archive}: the path's stat; 404 {@code Could not find the file ...}. */
  PathStat statPath(String ref, String path);

  /** {@code GET /archive}: stats {@code path}, opens the answer with it, writes the tar. */
  void archive(String ref, String path, Function<PathStat, OutputStream> open);

  /** {@code PUT /archive}: unpacks {@code tar} into directory {@code path} of the container. */
  void extract(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir,
      boolean copyUidGid);
}
