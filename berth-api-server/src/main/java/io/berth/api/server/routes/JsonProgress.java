package io.berth.api.server.routes;

import io.berth.api.model.Json;
import io.berth.api.model.ProgressMessage;
import io.berth.api.server.http.ErrorStatus;
import io.berth.api.server.http.Exchange;
import io.berth.image.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A pull's or push's {@link Progress} as Docker's JSON message stream: headers go out with the
 * first message (so an error before it is an ordinary error response), messages come from
 * several download threads, and a client that went away does not stop the work, as with
 * dockerd, where a pull continues when {@code docker pull} is interrupted.
 */
final class JsonProgress implements Progress {
  private final Exchange ex;
  private OutputStream out;
  private boolean broken;

  JsonProgress(Exchange ex) {
    this.ex = ex;
  }

  @Override
  public void update(String id, String status, long current, long total) {
    send(ProgressMessage.layer(id, status, current, total));
  }

  @Override
  public void pushed(String tag, String digest, long size) {
    send(ProgressMessage.aux(Map.of("Tag", tag, "Digest", digest, "Size", size)));
  }

  synchronized boolean started() {
    return out != null;
  }

  /** Sends an error in-band, or rethrows it when nothing was sent yet. */
  void fail(RuntimeException e) {
    if (!started()) {
      throw e;
    }
    send(ProgressMessage.error(ErrorStatus.message(e)));
  }

  synchronized void send(ProgressMessage m) {
    if (broken) {
      return;
    }
    try {
      if (out == null) {
        out = ex.stream(200, "application/json");
      }
      out.write(Json.MAPPER.writeValueAsBytes(m));
      out.write('\r');
      out.write('\n');
      out.flush();
    } catch (IOException | RuntimeException e) {
      broken = true;
    }
  }

  synchronized void finish() {
    try {
      if (out == null) {
        out = ex.stream(200, "application/json");
      }
      out.close();
    } catch (IOException e) {
      // the client is gone
    }
  }
}
