package io.berth.engine;

/** The container's stdio for attach (moby {@code attachBackend}); 404 unknown, 409 not running. */
public interface ContainerStreams {
  /** Connects to its stdio as {@code options} ask; the caller copies the streams. */
  Attachment attach(String ref, AttachOptions options);

  /** Resizes its terminal; 409 when it does not run. */
  void resize(String ref, int height, int width);
}
