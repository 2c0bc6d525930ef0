package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.util.List;
import java.util.Set;

/**
 * {@code depends_on} conditions: {@code service_started} holds once the dependency was started
 * (services start in dependency order), {@code service_healthy} waits for its health check to
 * pass, {@code service_completed_successfully} for it to exit 0. A dependency that is unhealthy
 * or fails ends {@code up}, in Compose's words.
 */
final class Dependencies {
  private Dependencies() {}

  static void await(Session s, Project p, String service, Set<String> started) {
    for (var d : p.service(service).path("depends_on").properties()) {
      String dep = d.getKey();
      String condition = d.getValue().path("condition").asText("service_started");
      if (!started.contains(dep) && !p.allServices().containsKey(dep)) {
        continue;
      }
      for (JsonNode c : s.containers(List.of(dep), true)) {
        String id = c.path("Id").asText();
        switch (condition) {
          case "service_healthy" -> healthy(s, id, Engine.name(c));
          case "service_completed_successfully" -> completed(s, id, Engine.name(c), dep);
          default -> { }
        }
      }
    }
  }

  static void healthy(Session s, String id, String name) {
    s.progress("Container", name, "Waiting");
    while (true) {
      JsonNode st = s.engine.inspect(id).path("State");
      String health = st.path("Health").path("Status").asText("");
      if (health.equals("healthy")) {
        s.progress("Container", name, "Healthy");
        return;
      }
      if (health.equals("unhealthy")) {
        throw new CliException("dependency failed to start: container " + name
            + " is unhealthy");
      }
      if (!st.path("Running").asBoolean() && !st.path("Restarting").asBoolean()) {
        throw new CliException("dependency failed to start: container " + name
            + " exited (" + st.path("ExitCode").asInt() + ")");
      }
      if (health.isEmpty()) {
        throw new CliException("dependency failed to start: container " + name
            + " has no healthcheck configured");
      }
      sleep();
    }
  }

  static void completed(Session s, String id, String name, String service) {
    s.progress("Container", name, "Waiting");
    while (true) {
      JsonNode st = s.engine.inspect(id).path("State");
      if (!st.path("Running").asBoolean() && !st.path("Restarting").asBoolean()
          && !st.path("Status").asText().equals("created")) {
        int code = st.path("ExitCode").asInt();
        if (code != 0) {
          throw new CliException("service \"" + service + "\" didn't complete successfully:"
              + " exit " + code);
        }
        s.progress("Container", name, "Exited");
        return;
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
