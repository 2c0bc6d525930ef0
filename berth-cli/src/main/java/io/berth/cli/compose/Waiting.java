package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.util.List;

/** {@code up --wait}: every container running, and healthy when it has a health check. */
final class Waiting {
  private Waiting() {}

  static void untilReady(Session s, List<String> ids, Integer timeoutSeconds) {
    long deadline = timeoutSeconds == null ? Long.MAX_VALUE
        : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    for (String id : ids) {
      while (true) {
        JsonNode c = s.engine.inspect(id);
        JsonNode st = c.path("State");
        String name = Engine.name(c);
        String health = st.path("Health").path("Status").asText("");
        if (st.path("Running").asBoolean() && (health.isEmpty() || health.equals("healthy"))) {
          s.progress("Container", name, health.isEmpty() ? "Running" : "Healthy");
          break;
        }
        if (health.equals("unhealthy")) {
          throw new CliException("container " + name + " is unhealthy");
        }
        if (!st.path("Running").asBoolean() && !st.path("Restarting").asBoolean()
            && !st.path("Status").asText().equals("created")) {
          if (st.path("ExitCode").asInt() == 0) {
            s.progress("Container", name, "Exited");
            break;
          }
          throw new CliException("container " + name + " exited (" + st.path("ExitCode").asInt()
              + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new CliException("timeout waiting for " + name + " to be running|healthy");
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted");
        }
      }
    }
  }
}
