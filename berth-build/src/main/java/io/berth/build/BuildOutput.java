package io.berth.build;

import io.berth.common.Digest;

/** Where a build reports: Docker's {@code stream} text and the {@code aux} image ID. */
public interface BuildOutput {
  /** A piece of text, usually whole lines ending in a newline. */
  void stream(String text);

  /** The built image's ID, sent as {@code {"aux":{"ID":"sha256:..."}}}. */
  void aux(Digest id);
}
