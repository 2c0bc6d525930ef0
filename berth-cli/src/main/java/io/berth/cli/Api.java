package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import java.io.IOException;

/** Typed calls on top of {@link DaemonClient}: JSON in, JSON out, API errors as exceptions. */
public final class Api {
  private final DaemonClient client;

  public Api(DaemonClient client) {
    this.client = client;
  }

  public JsonNode get(String path) {
    DaemonClient.Response r = client.call("GET", path, null);
    check(r);
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new CliException("invalid response from daemon: " + e.getMessage());
    }
  }

  /** Docker's CLI shows the daemon's message after "Error response from daemon: ". */
  static void check(DaemonClient.Response r) {
    if (r.status() < 400) {
      return;
    }
    String msg = r.text().trim();
    try {
      JsonNode n = Json.MAPPER.readTree(r.body());
      if (n != null && n.has("message")) {
        msg = n.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: show the raw body
    }
    throw new CliException("Error response from daemon: " + msg);
  }
}
