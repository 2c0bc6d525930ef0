package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The flags {@code run} and {@code create} share, and the {@code POST /containers/create} body
 * they make: Config, then HostConfig, then NetworkingConfig, fields in the order of moby's Go
 * structs (docker's CLI marshals them so). {@code -h} is --hostname here, as in docker.
 */
final class ContainerOptions {
  // -h is --hostname, so the root's inherited -h/--help is not added here: help is --help only.
  @Option(names = "--help", usageHelp = true, description = "Print usage")
  boolean help;
  @Option(names = "--add-host", paramLabel = "list", description = "Add a custom host-to-IP mapping (host:ip)")
  List<String> addHost = new ArrayList<>();
  @Option(names = "--cap-add", paramLabel = "list", description = "Add Linux capabilities")
  List<String> capAdd;
  @Option(names = "--cap-drop", paramLabel = "list", description = "Drop Linux capabilities")
  List<String> capDrop;
  @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
  String cpus;
  @Option(names = "--dns", paramLabel = "list", description = "Set custom DNS servers")
  List<String> dns = new ArrayList<>();
  @Option(names = "--entrypoint", paramLabel = "string", description = "Overwrite the default ENTRYPOINT of the image")
  String entrypoint;
  @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
  List<String> env = new ArrayList<>();
  @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
  List<String> envFile = new ArrayList<>();
  @Option(names = "--expose", paramLabel = "list", description = "Expose a port or a range of ports")
  List<String> expose = new ArrayList<>();
  @Option(names = {"-h", "--hostname"}, paramLabel = "string", description = "Container host name")
  String hostname = "";
  @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes")
  Boolean init;
  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
  boolean interactive;
  @Option(names = "--ipc", paramLabel = "string", description = "IPC mode to use")
  String ipc = "";
  @Option(names = {"-l", "--label"}, paramLabel = "list", description = "Set meta data on a container")
  List<String> labels = new ArrayList<>();
  @Option(names = "--label-file", paramLabel = "list", description = "Read in a line delimited file of labels")
  List<String> labelFile = new ArrayList<>();
  @Option(names = "--log-driver", paramLabel = "string", description = "Logging driver for the container")
  String logDriver = "";
  @Option(names = "--log-opt", paramLabel = "list", description = "Log driver options")
  List<String> logOpt = new ArrayList<>();
  @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
  String memory;
  @Option(names = "--mount", paramLabel = "mount", description = "Attach a filesystem mount to the container")
  List<String> mounts = new ArrayList<>();
  @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
  String name;
  @Option(names = {"--network", "--net"}, paramLabel = "network", description = "Connect a container to a network")
  List<String> networks = new ArrayList<>();
  @Option(names = "--network-alias", paramLabel = "list", description = "Add network-scoped alias for the container")
  List<String> networkAliases = new ArrayList<>();
  @Option(names = "--ip", paramLabel = "string", description = "IPv4 address (e.g., 172.30.100.104)")
  String ip;
  @Option(names = "--pid", paramLabel = "string", description = "PID namespace to use")
  String pid = "";
  @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
  Long pidsLimit;
  @Option(names = "--privileged", description = "Give extended privileges to this container")
  boolean privileged;
  @Option(names = {"-p", "--publish"}, paramLabel = "list", description = "Publish a container's port(s) to the host")
  List<String> publish = new ArrayList<>();
  @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
  boolean publishAll;
  @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
  boolean readOnly;
  @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits (default \"no\")")
  String restart;
  @Option(names = "--rm", description = "Automatically remove the container and its associated anonymous volumes when it exits")
  boolean rm;
  @Option(names = "--runtime", paramLabel = "string", description = "Runtime to use for this container")
  String runtime;
  @Option(names = "--security-opt", paramLabel = "list", description = "Security Options")
  List<String> securityOpt;
  @Option(names = "--shm-size", paramLabel = "bytes", description = "Size of /dev/shm")
  String shmSize;
  @Option(names = "--stop-signal", paramLabel = "string", description = "Signal to stop the container")
  String stopSignal;
  @Option(names = "--stop-timeout", paramLabel = "int", description = "Timeout (in seconds) to stop a container")
  Integer stopTimeout;
  @Option(names = "--sysctl", paramLabel = "map", description = "Sysctl options")
  List<String> sysctls = new ArrayList<>();
  @Option(names = "--tmpfs", paramLabel = "list", description = "Mount a tmpfs directory")
  List<String> tmpfs = new ArrayList<>();
  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
  boolean tty;
  @Option(names = "--ulimit", paramLabel = "ulimit", description = "Ulimit options")
  List<String> ulimits = new ArrayList<>();
  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: <name|uid>[:<group|gid>])")
  String user = "";
  @Option(names = "--uts", paramLabel = "string", description = "UTS namespace to use")
  String uts = "";
  @Option(names = {"-v", "--volume"}, paramLabel = "list", description = "Bind mount a volume")
  List<String> volumes = new ArrayList<>();
  @Option(names = "--volumes-from", paramLabel = "list", description = "Mount volumes from the specified container(s)")
  List<String> volumesFrom = new ArrayList<>();
  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
  String workdir = "";

  /**
   * The create body for {@code image} and {@code cmd}; {@code consoleSize} is {@code [h, w]}
   * or null, {@code getenv} resolves {@code -e NAME} without a value.
   */
  ObjectNode body(String image, List<String> cmd, int[] consoleSize,
      Function<String, String> getenv) {
    ObjectNode exposed = Json.MAPPER.createObjectNode();
    ObjectNode bindings = Json.MAPPER.createObjectNode();
    publish.forEach(p -> ContainerSpecs.publish(p, exposed, bindings));
    expose.forEach(p -> ContainerSpecs.expose(p, exposed));
    ObjectNode restartPolicy = ContainerSpecs.restart(restart);
    if (rm && !restartPolicy.path("Name").asText().equals("no")) {
      throw new CliException("conflicting options: cannot specify both --restart and --rm",
          125, 0);
    }
    ArrayNode binds = Json.MAPPER.createArrayNode();
    ObjectNode anonymous = Json.MAPPER.createObjectNode();
    for (String v : volumes) {
      int colon = v.indexOf(':');
      if (colon <= 0) {
        anonymous.putObject(v);
      } else {
        String host = v.substring(0, colon);
        binds.add(host.startsWith(".") ? Path.of(host).toAbsolutePath().normalize()
            + v.substring(colon) : v);
      }
    }

    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("Hostname", hostname).put("Domainname", "").put("User", user)
        .put("AttachStdin", interactive).put("AttachStdout", true).put("AttachStderr", true);
    if (!exposed.isEmpty()) {
      body.set("ExposedPorts", exposed);
    }
    body.put("Tty", tty).put("OpenStdin", interactive).put("StdinOnce", false);
    body.set("Env", strings(environment(envFile, env, getenv)));
    body.set("Cmd", cmd.isEmpty() ? null : strings(cmd));
    body.put("Image", image);
    body.set("Volumes", anonymous);
    body.put("WorkingDir", workdir);
    body.set("Entrypoint", entrypoint == null ? null : strings(List.of(entrypoint)));
    body.putNull("OnBuild");
    body.set("Labels", map(labels(), "--label"));
    if (stopSignal != null) {
      body.put("StopSignal", stopSignal);
    }
    if (stopTimeout != null) {
      body.put("StopTimeout", stopTimeout);
    }

    ObjectNode host = body.putObject("HostConfig");
    host.set("Binds", binds.isEmpty() ? null : binds);
    host.put("ContainerIDFile", "");
    host.putObject("LogConfig").put("Type", logDriver).set("Config", map(logOpt, "--log-opt"));
    host.put("NetworkMode", networks.isEmpty() ? "default" : networks.getFirst());
    host.set("PortBindings", bindings);
    host.set("RestartPolicy", restartPolicy);
    host.put("AutoRemove", rm).put("VolumeDriver", "");
    host.set("VolumesFrom", volumesFrom.isEmpty() ? null : strings(volumesFrom));
    host.putArray("ConsoleSize").add(consoleSize == null ? 0 : consoleSize[0])
        .add(consoleSize == null ? 0 : consoleSize[1]);
    host.set("CapAdd", capAdd == null ? null : strings(capAdd));
    host.set("CapDrop", capDrop == null ? null : strings(capDrop));
    host.put("CgroupnsMode", "");
    host.set("Dns", strings(dns));
    host.putArray("DnsOptions");
    host.putArray("DnsSearch");
    host.set("ExtraHosts", addHost.isEmpty() ? null
        : strings(addHost.stream().map(h -> h.replaceFirst("=", ":")).toList()));
    host.putNull("GroupAdd");
    host.put("IpcMode", ipc).put("Cgroup", "").putNull("Links");
    host.put("OomScoreAdj", 0).put("PidMode", pid).put("Privileged", privileged)
        .put("PublishAllPorts", publishAll).put("ReadonlyRootfs", readOnly);
    host.set("SecurityOpt", securityOpt == null ? null : strings(securityOpt));
    if (!tmpfs.isEmpty()) {
      ObjectNode t = host.putObject("Tmpfs");
      for (String spec : tmpfs) {
        int colon = spec.indexOf(':');
        t.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
      }
    }
    host.put("UTSMode", uts).put("UsernsMode", "");
    host.put("ShmSize", shmSize == null ? 0 : ContainerSpecs.ramInBytes(shmSize, "--shm-size"));
    if (!sysctls.isEmpty()) {
      host.set("Sysctls", map(sysctls, "--sysctl"));
    }
    if (runtime != null) {
      host.put("Runtime", runtime);
    }
    host.put("Isolation", "").put("CpuShares", 0)
        .put("Memory", memory == null ? 0 : ContainerSpecs.ramInBytes(memory, "-m, --memory"))
        .put("NanoCpus", cpus == null ? 0 : ContainerSpecs.nanoCpus(cpus))
        .put("CgroupParent", "").put("BlkioWeight", 0);
    host.put("CpuPeriod", 0).put("CpuQuota", 0).put("CpusetCpus", "").put("CpusetMems", "");
    host.putArray("Devices");
    host.put("MemoryReservation", 0).put("MemorySwap", 0).putNull("MemorySwappiness");
    host.put("OomKillDisable", false);
    if (pidsLimit != null) {
      host.put("PidsLimit", pidsLimit);
    } else {
      host.putNull("PidsLimit");
    }
    ArrayNode ul = host.putArray("Ulimits");
    ulimits.forEach(u -> ul.add(ContainerSpecs.ulimit(u)));
    if (!mounts.isEmpty()) {
      ArrayNode m = host.putArray("Mounts");
      mounts.forEach(s -> m.add(ContainerSpecs.mount(s)));
    }
    host.putNull("MaskedPaths").putNull("ReadonlyPaths");
    if (init != null) {
      host.put("Init", init);
    }

    ObjectNode endpoints = body.putObject("NetworkingConfig").putObject("EndpointsConfig");
    if (networks.size() > 1) {
      networks.forEach(n -> endpoints.putObject(n));
    }
    if (!networkAliases.isEmpty() || ip != null) {
      String primary = networks.isEmpty() ? "default" : networks.getFirst();
      ObjectNode ep = endpoints.has(primary) ? (ObjectNode) endpoints.get(primary)
          : endpoints.putObject(primary);
      if (ip != null) {
        ep.putObject("IPAMConfig").put("IPv4Address", ip);
      }
      ArrayNode a = ep.putArray("Aliases");
      networkAliases.forEach(a::add);
    }
    return body;
  }

  /** --env-file first, then -e, as docker reads them; {@code -e NAME} takes the CLI's value. */
  static List<String> environment(List<String> envFile, List<String> env,
      Function<String, String> getenv) {
    List<String> all = new ArrayList<>();
    for (String file : envFile) {
      for (String line : lines(file)) {
        String l = line.stripLeading();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] kv = l.split("=", 2);
        if (kv[0].chars().anyMatch(Character::isWhitespace)) {
          throw new CliException("variable '" + kv[0] + "' contains whitespaces", 125, 0);
        }
        if (kv.length > 1) {
          all.add(kv[0] + "=" + kv[1]);
        } else if (getenv.apply(kv[0]) != null) {
          all.add(kv[0] + "=" + getenv.apply(kv[0]));
        }
      }
    }
    for (String e : env) {
      if (e.startsWith("=")) {
        throw ContainerSpecs.invalid(e, "-e, --env", "invalid environment variable: " + e);
      }
      String v = e.contains("=") ? null : getenv.apply(e);
      all.add(v == null ? e : e + "=" + v);
    }
    return all;
  }

  private List<String> labels() {
    List<String> all = new ArrayList<>();
    for (String file : labelFile) {
      lines(file).stream().filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
          .forEach(all::add);
    }
    all.addAll(labels);
    return all;
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("open " + file + ": no such file or directory", 125, 0);
    }
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  /** {@code key=value} flags as a map; a key alone maps to "". */
  private static ObjectNode map(List<String> values, String flag) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    for (String v : values) {
      String[] kv = v.split("=", 2);
      m.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return m;
  }
}
