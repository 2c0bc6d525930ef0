package io.berth.cri.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * The terminal sizes a client sends on the {@code resize} stream of an exec or attach with a
 * terminal: client-go's remotecommand writes one {@code {"Width":W,"Height":H}} JSON object
 * per change (the first right after the streams are made), one after another.
 */
public final class TerminalSizes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is done with each size: the process's terminal is set to it. */
  @FunctionalInterface
  public interface Sink {
    void resize(int height, int width);
  }

  private final InputStream in;

  TerminalSizes(InputStream in) {
    this.in = in;
  }

  /**
   * Hands every size to {@code sink} until the stream ends or breaks; sizes that are not
   * numbers, or zero, are skipped (as kubelet's runtimes skip them).
   */
  public void forEach(Sink sink) {
    try (MappingIterator<JsonNode> sizes = JSON.readerFor(JsonNode.class).readValues(in)) {
      while (sizes.hasNextValue()) {
        JsonNode s = sizes.nextValue();
        int width = s.path("Width").asInt(0);
        int height = s.path("Height").asInt(0);
        if (width > 0 && height > 0) {
          sink.resize(height, width);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the stream ended badly or the client went away: no more sizes
    }
  }
}
