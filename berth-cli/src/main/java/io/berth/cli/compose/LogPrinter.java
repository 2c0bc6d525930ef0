package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.DaemonClient;
import io.berth.cli.StdCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Several containers' logs on one stream, each line after its container's prefix
 * ({@code web-1  | }), coloured per container as Compose does when the output is a terminal.
 * One virtual thread per container; lines are written whole.
 */
final class LogPrinter {
  private static final String[] COLOURS = {"36", "33", "32", "35", "34", "31", "36;1", "33;1",
      "32;1", "35;1", "34;1", "31;1"};
  private final Session s;
  private final boolean colour;
  private final boolean prefix;
  private final int width;

  LogPrinter(Session s, List<JsonNode> containers, boolean colour, boolean prefix) {
    this.s = s;
    this.colour = colour;
    this.prefix = prefix;
    int w = 0;
    for (JsonNode c : containers) {
      w = Math.max(w, shortName(c).length());
    }
    this.width = w;
  }

  /** "web-1": the container's name without its project, as Compose's prefixes. */
  static String shortName(JsonNode c) {
    String name = Engine.name(c);
    String project = Engine.label(c, Labels.PROJECT);
    return name.startsWith(project + "-") ? name.substring(project.length() + 1) : name;
  }

  String prefixOf(JsonNode c, int index) {
    if (!prefix) {
      return "";
    }
    String p = String.format("%-" + width + "s  | ", shortName(c));
    return colour ? "\u001b[" + COLOURS[index % COLOURS.length] + "m" + p + "\u001b[0m" : p;
  }

  /** Streams the logs of {@code containers}; returns when every stream has ended. */
  void print(List<JsonNode> containers, String query) throws InterruptedException {
    print(containers, query, c -> { });
  }

  /** {@link #print(List, String)}, calling {@code ended} as each container's stream ends. */
  void print(List<JsonNode> containers, String query, java.util.function.Consumer<JsonNode> ended)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String p = prefixOf(c, i);
      threads.add(Thread.ofVirtual().start(() -> {
        follow(c, p, query);
        ended.accept(c);
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private void follow(JsonNode c, String prefix, String query) {
    String id = c.path("Id").asText();
    boolean tty = s.engine.inspect(id).path("Config").path("Tty").asBoolean(false);
    try (DaemonClient.Streamed st = s.engine.stream("GET", "/containers/" + id + "/logs?"
        + query)) {
      Lines out = new Lines(s.out, prefix);
      Lines err = new Lines(s.err, prefix);
      if (tty) {
        st.body().transferTo(out);
      } else {
        StdCopy.demux(st.body(), out, err);
      }
      out.close();
      err.close();
    } catch (IOException | RuntimeException e) {
      // the container went away while we read its log: nothing more to print
    }
  }

  /** An output stream that writes whole lines to {@code to}, each after {@code prefix}. */
  static final class Lines extends OutputStream {
    private final PrintStream to;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Lines(PrintStream to, String prefix) {
      this.to = to;
      this.prefix = prefix;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        emit();
      } else {
        line.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    private void emit() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      synchronized (to) {
        to.print(prefix + text + "\n");
        to.flush();
      }
    }

    @Override
    public void close() {
      if (line.size() > 0) {
        emit();
      }
    }
  }
}
