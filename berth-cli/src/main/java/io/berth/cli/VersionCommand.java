package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.ApiVersion;
import io.berth.api.model.BuildInfo;
import io.berth.api.model.Json;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth version}: client and server sections, in the docker CLI's layout. */
@Command(name = "version", description = "Show the berth version information")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--format"}, description = "Format output: 'json' prints the client's and the server's JSON")
  String format;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if ("json".equals(format)) {
      // the docker CLI's shape: {"Client":{…},"Server":{…}}
      var client = client().put("ApiVersion", ApiVersion.CURRENT.toString());
      var both = Json.MAPPER.createObjectNode();
      both.set("Client", client);
      both.set("Server", BerthCommand.api(spec).get(Api.V + "/version"));
      out.println(both.toString());
      return 0;
    }
    return print(out, () -> BerthCommand.api(spec).get(Api.V + "/version"));
  }

  /**
   * The plain layout: the client's section, flushed before {@code server} asks the daemon (so
   * that it shows when the daemon is down, as docker's does), then the server's.
   */
  static int print(PrintStream out, Supplier<JsonNode> server) {
    BuildInfo b = BuildInfo.current();
    out.println("Client:");
    row(out, " ", "Version:", b.version());
    row(out, " ", "API version:", ApiVersion.CURRENT.toString());
    row(out, " ", "Java version:", "java" + Runtime.version().feature());
    row(out, " ", "Git commit:", b.commit());
    row(out, " ", "Built:", b.built());
    row(out, " ", "OS/Arch:", "linux/" + arch());
    row(out, " ", "Context:", "default");
    out.println();
    out.flush();
    JsonNode s = server.get();
    out.println("Server: " + s.path("Platform").path("Name").asText("berth"));
    for (JsonNode c : s.path("Components")) {
      out.println(" " + c.path("Name").asText() + ":");
      if (c.path("Name").asText().equals("Engine")) {
        JsonNode d = c.path("Details");
        row(out, "  ", "Version:", c.path("Version").asText());
        row(out, "  ", "API version:", d.path("ApiVersion").asText() + " (minimum version "
            + d.path("MinAPIVersion").asText() + ")");
        row(out, "  ", "Java version:", d.path("GoVersion").asText());
        row(out, "  ", "Git commit:", d.path("GitCommit").asText());
        row(out, "  ", "Built:", d.path("BuildTime").asText());
        row(out, "  ", "OS/Arch:", d.path("Os").asText() + "/" + d.path("Arch").asText());
        row(out, "  ", "Experimental:", d.path("Experimental").asText());
      } else {
        if (!c.path("Version").asText().isEmpty()) {
          row(out, "  ", "Version:", c.path("Version").asText());
        }
        c.path("Details").properties().forEach(e -> row(out, "  ", e.getKey() + ":",
            e.getValue().asText()));
      }
    }
    return 0;
  }

  private static void row(PrintStream out, String indent, String label, String value) {
    out.println(indent + String.format("%-" + (20 - indent.length()) + "s", label) + value);
  }

  /** The client's fields that {@code version} and {@code info} print in JSON (docker's keys). */
  static ObjectNode client() {
    BuildInfo b = BuildInfo.current();
    return Json.MAPPER.createObjectNode().put("Version", b.version())
        .put("DefaultAPIVersion", ApiVersion.CURRENT.toString()).put("GitCommit", b.commit())
        .put("GoVersion", "java" + Runtime.version().feature()).put("Os", "linux")
        .put("Arch", arch()).put("BuildTime", b.built()).put("Context", "default");
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }

  /** {@code berth --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.current();
      return new String[] {"berth version " + b.version() + ", build " + b.commit()};
    }
  }
}
