package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import io.berth.api.model.BuildInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth info}: system-wide information, in the docker CLI's layout. */
@Command(name = "info", description = "Display system-wide information")
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--format"}, description = "Format output: 'json' prints the server's JSON")
  String format;

  /**
   * The docker CLI's {@code info --format json}: {@code ClientInfo}, then the server's fields,
   * with those of its Info struct that berth's daemon does not send (they print even when the
   * daemon leaves them out: {@code "RuncCommit":{"ID":""}}).
   */
  static ObjectNode json(JsonNode server) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode client = VersionCommand.client().put("Debug", false);
    client.putArray("Plugins");
    client.putNull("Warnings");
    out.set("ClientInfo", client);
    out.setAll((ObjectNode) server);
    for (String commit : List.of("ContainerdCommit", "RuncCommit", "InitCommit")) {
      if (!out.has(commit)) {
        out.putObject(commit).put("ID", "");
      }
    }
    if (!out.has("OomKillDisable")) {
      out.put("OomKillDisable", false);
    }
    for (String absent : List.of("GenericResources", "CDISpecDirs")) {
      if (!out.has(absent)) {
        out.putNull(absent);
      }
    }
    return out;
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if ("json".equals(format)) {
      out.println(json(BerthCommand.api(spec).get(Api.V + "/info")).toString());
      return 0;
    }
    out.println("Client:");
    out.println(" Version:    " + BuildInfo.current().version());
    out.println(" Context:    default");
    out.println(" Debug Mode: false");
    out.println();
    out.flush();
    JsonNode i = BerthCommand.api(spec).get(Api.V + "/info");
    out.println("Server:");
    out.println(" Containers: " + i.path("Containers").asInt());
    out.println("  Running: " + i.path("ContainersRunning").asInt());
    out.println("  Paused: " + i.path("ContainersPaused").asInt());
    out.println("  Stopped: " + i.path("ContainersStopped").asInt());
    out.println(" Images: " + i.path("Images").asInt());
    out.println(" Server Version: " + i.path("ServerVersion").asText());
    out.println(" Storage Driver: " + i.path("Driver").asText());
    for (JsonNode kv : i.path("DriverStatus")) {
      out.println("  " + kv.path(0).asText() + ": " + kv.path(1).asText());
    }
    out.println(" Logging Driver: " + i.path("LoggingDriver").asText());
    out.println(" Cgroup Driver: " + i.path("CgroupDriver").asText());
    out.println(" Cgroup Version: " + i.path("CgroupVersion").asText());
    out.println(" Plugins:");
    out.println("  Volume: " + join(i.path("Plugins").path("Volume")));
    out.println("  Network: " + join(i.path("Plugins").path("Network")));
    out.println("  Log: " + join(i.path("Plugins").path("Log")));
    out.println(" Swarm: " + i.path("Swarm").path("LocalNodeState").asText());
    out.println(" Runtimes: " + String.join(" ", names(i.path("Runtimes"))));
    out.println(" Default Runtime: " + i.path("DefaultRuntime").asText());
    out.println(" Kernel Version: " + i.path("KernelVersion").asText());
    out.println(" Operating System: " + i.path("OperatingSystem").asText());
    out.println(" OSType: " + i.path("OSType").asText());
    out.println(" Architecture: " + i.path("Architecture").asText());
    out.println(" CPUs: " + i.path("NCPU").asInt());
    out.println(" Total Memory: " + gib(i.path("MemTotal").asLong()));
    out.println(" Name: " + i.path("Name").asText());
    out.println(" ID: " + i.path("ID").asText());
    out.println(" Berth Root Dir: " + i.path("DockerRootDir").asText());
    out.println(" Debug Mode: " + i.path("Debug").asBoolean());
    out.println(" Experimental: " + i.path("ExperimentalBuild").asBoolean());
    out.println(" Insecure Registries:");
    for (JsonNode c : i.path("RegistryConfig").path("InsecureRegistryCIDRs")) {
      out.println("  " + c.asText());
    }
    out.println(" Live Restore Enabled: " + i.path("LiveRestoreEnabled").asBoolean());
    for (JsonNode w : i.path("Warnings")) {
      System.err.println(w.asText());
    }
    return 0;
  }

  private static String join(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return String.join(" ", out);
  }

  private static List<String> names(JsonNode obj) {
    List<String> out = new ArrayList<>();
    obj.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2fGiB", bytes / (1024.0 * 1024 * 1024));
  }
}
