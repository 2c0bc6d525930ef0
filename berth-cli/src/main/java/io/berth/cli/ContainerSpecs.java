package io.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker CLI's parsers for run/create flag values, as pure functions from the flag's text
 * to its wire form: ports (go-connections nat.ParsePortSpec), --mount (opts.MountOpt),
 * --ulimit, --restart, sizes (go-units RAMInBytes), --cpus. A bad value is a
 * {@link CliException} naming the flag, as pflag words it.
 */
final class ContainerSpecs {
  private static final Pattern RAM = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

  private ContainerSpecs() {}

  static CliException invalid(String value, String flag, String why) {
    return new CliException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + why,
        125, 0);
  }

  /** go-units RAMInBytes: binary multiples, "512m" is 536870912. */
  static long ramInBytes(String s, String flag) {
    Matcher m = RAM.matcher(s);
    if (!m.matches()) {
      throw invalid(s, flag, "invalid size: '" + s + "'");
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT);
    int power = "kmgtp".indexOf(unit.isEmpty() ? ' ' : unit.charAt(0)) + 1;
    return n.multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
  }

  /** --cpus: a decimal number of CPUs as nano-CPUs. */
  static long nanoCpus(String s) {
    try {
      return new BigDecimal(s).movePointRight(9).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(s, "--cpus", "failed to parse " + s + " as a rational number");
    }
  }

  /**
   * -p {@code [ip:][hostPort:]containerPort[/proto]}, ranges allowed: adds to ExposedPorts
   * ({@code "80/tcp": {}}) and PortBindings ({@code "80/tcp": [{"HostIp","HostPort"}]}).
   */
  static void publish(String spec, ObjectNode exposed, ObjectNode bindings) {
    String raw = spec;
    String proto = "tcp";
    int slash = raw.lastIndexOf('/');
    if (slash >= 0) {
      proto = raw.substring(slash + 1).toLowerCase(Locale.ROOT);
      raw = raw.substring(0, slash);
    }
    String[] parts = raw.split(":", -1);
    int n = parts.length;
    String ip = "";
    String hostPort = "";
    String containerPort = parts[n - 1];
    if (n == 2) {
      hostPort = parts[0];
    } else if (n >= 3) {
      ip = String.join(":", java.util.Arrays.copyOf(parts, n - 2));
      hostPort = parts[n - 2];
    }
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    }
    if (containerPort.isEmpty()) {
      throw invalid(spec, "-p, --publish", "no port specified: " + spec + "<empty>");
    }
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw invalid(spec, "-p, --publish", "invalid proto: " + proto);
    }
    int[] cr = range(containerPort, spec, "invalid containerPort: ");
    int[] hr = hostPort.isEmpty() ? null : range(hostPort, spec, "invalid hostPort: ");
    int count = cr[1] - cr[0];
    if (hr != null && count > 0 && hr[1] - hr[0] != count) {
      throw invalid(spec, "-p, --publish", "invalid ranges specified for container and host "
          + "Ports: " + containerPort + " and " + hostPort);
    }
    for (int i = 0; i <= count; i++) {
      String key = (cr[0] + i) + "/" + proto;
      String hp = hr == null ? ""
          : count > 0 ? Integer.toString(hr[0] + i)
          : hr[0] == hr[1] ? Integer.toString(hr[0]) : hr[0] + "-" + hr[1];
      exposed.putObject(key);
      ArrayNode list = bindings.has(key) ? (ArrayNode) bindings.get(key) : bindings.putArray(key);
      list.addObject().put("HostIp", ip).put("HostPort", hp);
    }
  }

  /** --expose {@code port[-port][/proto]}. */
  static void expose(String spec, ObjectNode exposed) {
    String proto = "tcp";
    String p = spec;
    int slash = p.lastIndexOf('/');
    if (slash >= 0) {
      proto = p.substring(slash + 1);
      p = p.substring(0, slash);
    }
    int[] r = range(p, spec, "invalid range format for --expose: ");
    for (int port = r[0]; port <= r[1]; port++) {
      exposed.putObject(port + "/" + proto);
    }
  }

  private static int[] range(String s, String spec, String why) {
    try {
      int dash = s.indexOf('-');
      int lo = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
      int hi = dash < 0 ? lo : Integer.parseInt(s.substring(dash + 1));
      if (lo < 0 || hi > 65535 || hi < lo) {
        throw new NumberFormatException();
      }
      return new int[] {lo, hi};
    } catch (NumberFormatException e) {
      throw invalid(spec, "-p, --publish", why + s);
    }
  }

  /** --ulimit {@code name=soft[:hard]}: {"Name","Hard","Soft"}. */
  static ObjectNode ulimit(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw invalid(spec, "--ulimit", "invalid ulimit argument: " + spec);
    }
    String[] limits = spec.substring(eq + 1).split(":", -1);
    try {
      long soft = Long.parseLong(limits[0]);
      long hard = limits.length > 1 ? Long.parseLong(limits[1]) : soft;
      if (limits.length > 2) {
        throw new NumberFormatException();
      }
      if (soft > hard) {
        throw invalid(spec, "--ulimit", "ulimit soft limit must be less than or equal to hard "
            + "limit: " + soft + " > " + hard);
      }
      return Json.MAPPER.createObjectNode().put("Name", spec.substring(0, eq))
          .put("Hard", hard).put("Soft", soft);
    } catch (NumberFormatException e) {
      throw invalid(spec, "--ulimit", "invalid ulimit argument: " + spec);
    }
  }

  /** --restart {@code no|always|unless-stopped|on-failure[:max]}: {"Name","MaximumRetryCount"}. */
  static ObjectNode restart(String spec) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    if (spec == null || spec.isEmpty()) {
      return p.put("Name", "no").put("MaximumRetryCount", 0);
    }
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    int max = 0;
    if (colon >= 0) {
      try {
        max = Integer.parseInt(spec.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new CliException("invalid restart policy format: maximum retry count must be an "
            + "integer", 125, 0);
      }
    }
    if (!java.util.Set.of("no", "always", "unless-stopped", "on-failure").contains(name)) {
      throw new CliException("invalid restart policy format: unknown policy '" + name + "'",
          125, 0);
    }
    return p.put("Name", name).put("MaximumRetryCount", max);
  }

  /**
   * --mount {@code type=bind,src=/a,dst=/b,readonly}: a Mount object with Go's omitempty
   * fields left out.
   */
  static ObjectNode mount(String spec) {
    ObjectNode m = Json.MAPPER.createObjectNode();
    String type = "volume";
    String source = null;
    String target = null;
    boolean readOnly = false;
    ObjectNode bind = Json.MAPPER.createObjectNode();
    ObjectNode volume = Json.MAPPER.createObjectNode();
    ObjectNode tmpfs = Json.MAPPER.createObjectNode();
    for (String field : spec.split(",")) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : field.substring(eq + 1);
      switch (key) {
        case "type" -> type = value;
        case "source", "src" -> source = value;
        case "target", "dst", "destination" -> target = value;
        case "readonly", "ro" -> readOnly = bool(value, spec);
        case "bind-propagation" -> bind.put("Propagation", value);
        case "bind-nonrecursive" -> bind.put("NonRecursive", bool(value, spec));
        case "volume-nocopy" -> volume.put("NoCopy", bool(value, spec));
        case "volume-driver" -> volume.withObject("DriverConfig").put("Name", value);
        case "volume-opt" -> {
          String[] kv = value == null ? new String[] {""} : value.split("=", 2);
          volume.withObject("DriverConfig").withObject("Options")
              .put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "volume-label" -> {
          String[] kv = value == null ? new String[] {""} : value.split("=", 2);
          volume.withObject("Labels").put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        case "tmpfs-size" -> tmpfs.put("SizeBytes", ramInBytes(value, "--mount"));
        case "tmpfs-mode" -> tmpfs.put("Mode", Integer.parseInt(value, 8));
        case "consistency" -> m.put("Consistency", value);
        default -> throw invalid(spec, "--mount", "unexpected key '" + key + "' in '" + field + "'");
      }
    }
    if (target == null || target.isEmpty()) {
      throw invalid(spec, "--mount", "target is required");
    }
    ObjectNode out = Json.MAPPER.createObjectNode().put("Type", type);
    if (source != null && !source.isEmpty()) {
      out.put("Source", source);
    }
    out.put("Target", target);
    if (readOnly) {
      out.put("ReadOnly", true);
    }
    out.setAll(m);
    if (!bind.isEmpty()) {
      out.set("BindOptions", bind);
    }
    if (!volume.isEmpty()) {
      out.set("VolumeOptions", volume);
    }
    if (!tmpfs.isEmpty()) {
      out.set("TmpfsOptions", tmpfs);
    }
    return out;
  }

  private static boolean bool(String value, String spec) {
    if (value == null) {
      return true;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw invalid(spec, "--mount", "invalid value for readonly: " + value);
    };
  }
}
