package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.common.DetachSequence;
import io.berth.common.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The container steps several commands share, in docker's order and wording: create (pulling a
 * missing image), wait registered before start, attach, resize, and the exit code mapping of
 * {@code run} (cli/command/container/run.go {@code toStatusError}).
 */
final class Containers {
  private Containers() {}

  /**
   * {@code POST /containers/create}; on 404 prints "Unable to find image" and pulls
   * ({@code POST /images/create}, progress on stderr), then creates again. Warnings go to
   * stderr. Returns the new container's id.
   */
  static String create(Api api, ObjectNode body, String name, String image) {
    return create(api, body, name, image, "missing");
  }

  /**
   * Creates the container; {@code pull} is {@code --pull}: {@code missing} pulls on a 404,
   * {@code always} pulls first, {@code never} reports the 404.
   */
  static String create(Api api, ObjectNode body, String name, String image, String pull) {
    if (!List.of("missing", "always", "never").contains(pull)) {
      throw new CliException("invalid pull option: '" + pull
          + "': must be one of \"always\", \"missing\" or \"never\"");
    }
    if (pull.equals("always")) {
      ImageName ref = ImageName.parse(image);
      pull(api, ref, ref.tag() == null && ref.digest() == null ? "latest" : ref.tag());
    }
    Query q = Query.path("/containers/create");
    if (name != null && !name.isEmpty()) {
      q.add("name", name);
    }
    JsonNode created;
    try {
      created = api.post(q.toString(), body);
    } catch (CliException e) {
      if (!e.notFound() || !pull.equals("missing")) {
        throw e;
      }
      ImageName ref = ImageName.parse(image);
      String tag = ref.tag() == null && ref.digest() == null ? "latest" : ref.tag();
      System.err.println("Unable to find image '" + ImageName.familiar(
          ImageName.normalized(ref.repository())) + (ref.digest() != null ? "@" + ref.digest()
          : ":" + tag) + "' locally");
      pull(api, ref, tag);
      created = api.post(q.toString(), body);
    }
    for (JsonNode w : created.path("Warnings")) {
      System.err.println("WARNING: " + w.asText());
    }
    return created.path("Id").asText();
  }

  /** With the stored credentials of the image's registry, as docker run does. */
  private static void pull(Api api, ImageName ref, String tag) {
    PullCommand.pull(api, ImageName.normalized(ref.repository()),
        ref.digest() != null ? ref.digest() : tag, null, System.err);
  }

  /**
   * {@code POST /containers/{id}/wait?condition=...}: returns once the daemon has answered
   * the head, so that the wait is registered before the container starts; the status arrives
   * later through {@link #status}.
   */
  static DaemonClient.Streamed waitFor(Api api, String id, String condition) {
    Query q = Query.path("/containers/", id, "/wait");
    if (condition != null) {
      q.add("condition", condition);
    }
    return api.stream("POST", q.toString(), null);
  }

  /** Reads a wait's body: its StatusCode, or 125 with the daemon's error (docker's way). */
  static int status(DaemonClient.Streamed wait) {
    try (wait) {
      JsonNode r = Json.MAPPER.readTree(wait.body());
      String error = r == null ? "" : r.path("Error").path("Message").asText("");
      if (r == null || !error.isEmpty()) {
        System.err.println("Error waiting for container: " + (r == null ? "unexpected EOF" : error));
        return 125;
      }
      return r.path("StatusCode").asInt();
    } catch (IOException e) {
      System.err.println("Error waiting for container: " + Messages.of(e));
      return 125;
    }
  }

  /** {@code POST /containers/{id}/attach?...&stream=1} hijacked; stdin only when asked. */
  static DaemonClient.Hijacked attach(Api api, String id, boolean stdin, String detachKeys) {
    Query q = Query.path("/containers/", id, "/attach");
    if (detachKeys != null && !detachKeys.isEmpty()) {
      q.add("detachKeys", detachKeys);
    }
    q.add("stderr", "1");
    if (stdin) {
      q.add("stdin", "1");
    }
    return api.hijack(q.add("stdout", "1").add("stream", "1").toString(), null);
  }

  /** The terminal's size to the container's or exec's tty, when stdout is a terminal. */
  static void resize(Api api, String pathPrefix, String id) {
    int[] size = Terminal.stdout.getAsBoolean() ? Terminal.size() : null;
    if (size != null) {
      try {
        api.call("POST", Query.path(pathPrefix, id, "/resize").add("h", "" + size[0])
            .add("w", "" + size[1]).toString());
      } catch (CliException e) {
        // docker logs a failed resize at debug level and goes on
      }
    }
  }

  /**
   * Copies stdin (when given) to the connection, half-closing it at EOF, and the connection
   * to stdout/stderr (demultiplexed unless {@code tty}) until the daemon closes it. With a
   * tty on a terminal, the terminal is raw meanwhile and the detach keys are watched: returns
   * true when the user detached, so the caller does not wait for the container.
   */
  static boolean pump(DaemonClient.Hijacked h, InputStream stdin, boolean tty, String detachKeys) {
    AutoCloseable raw = tty && stdin != null && Terminal.stdin.getAsBoolean()
        ? Terminal.rawMode.get() : () -> { };
    AtomicBoolean detached = new AtomicBoolean();
    try (h; raw) {
      Thread input = Thread.ofPlatform().daemon().name("berth-stdin").start(() -> {
        if (stdin != null) {
          copyInput(stdin, h, tty ? new DetachSequence(DetachSequence.parse(detachKeys)
              .orElse(DetachSequence.DEFAULT)) : null, detached);
        }
        h.closeWrite();
      });
      PrintStream out = System.out;
      if (tty) {
        byte[] buf = new byte[8192];
        for (int n = h.in().read(buf); n >= 0; n = h.in().read(buf)) {
          out.write(buf, 0, n);
          out.flush();
        }
      } else {
        StdCopy.demux(h.in(), out, System.err);
      }
      out.flush();
      System.err.flush();
      input.join(stdin == null ? 1000 : 1);
    } catch (CliException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the daemon closed the connection, or we did on detach: what was said has been shown
    }
    return detached.get();
  }

  private static void copyInput(InputStream stdin, DaemonClient.Hijacked h, DetachSequence keys,
      AtomicBoolean detached) {
    byte[] buf = new byte[8192];
    ByteArrayOutputStream pass = new ByteArrayOutputStream();
    try {
      for (int n = stdin.read(buf); n >= 0; n = stdin.read(buf)) {
        if (keys == null) {
          h.out().write(buf, 0, n);
        } else {
          pass.reset();
          boolean detach = keys.feed(buf, n, pass);
          pass.writeTo(h.out());
          if (detach) {
            detached.set(true);
            h.out().flush();
            h.close();
            return;
          }
        }
        h.out().flush();
      }
    } catch (IOException e) {
      // the connection is gone: output tells the rest
    }
  }

  /**
   * docker's toStatusError for run: "executable file not found" and "no such file or
   * directory" are 127, "permission denied" and "is a directory" 126, anything else 125; the
   * message is prefixed with the program's name and followed by the help hint.
   */
  static CliException statusError(String message, String command) {
    int code = 125;
    if (message.contains("executable file not found")
        || message.contains("no such file or directory")
        || message.contains("system cannot find the file specified")) {
      code = 127;
    } else if (message.contains("permission denied") || message.contains("is a directory")) {
      code = 126;
    }
    if (message.startsWith("invalid argument \"")) {
      // a flag's bad value is a usage error: docker 28 gives it with the usage line, no prefix
      return new CliException(message + "\n\nUsage:  berth " + command
          + " [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth " + command
          + " --help' for more information", 125, 0);
    }
    return new CliException("berth: " + message + "\n\nRun 'berth " + command
        + " --help' for more information", code, 0);
  }
}
