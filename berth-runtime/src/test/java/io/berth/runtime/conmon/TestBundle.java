package io.berth.runtime.conmon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OCI bundle: a busybox rootfs ({@code busybox --install -s}) and a config.json
 * from {@code runc spec}, with our args, no terminal, a writable root and a cgroup path under
 * a per-run parent so that leftovers are easy to find.
 */
final class TestBundle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestBundle() {}

  static Path create(Path dir, String cgroupParent, String id, boolean pidNamespace,
      String... args) throws Exception {
    Path bundle = dir.resolve("bundle-" + id);
    Path bin = bundle.resolve("rootfs/bin");
    Files.createDirectories(bin);
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
    // relative links: "busybox --install -s" would point them at the host's /usr/bin/busybox
    for (String applet : List.of("sh", "echo", "cat", "sleep", "ps", "true", "false", "kill")) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    for (String d : List.of("proc", "dev", "sys", "tmp", "etc")) {
      Files.createDirectories(bundle.resolve("rootfs").resolve(d));
    }
    run("/usr/sbin/runc", "spec", "--bundle", bundle.toString());
    ObjectNode spec = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
    ObjectNode process = (ObjectNode) spec.get("process");
    process.put("terminal", false);
    ArrayNode argv = process.putArray("args");
    for (String a : args) {
      argv.add(a);
    }
    ((ObjectNode) spec.get("root")).put("readonly", false);
    ObjectNode linux = (ObjectNode) spec.get("linux");
    linux.put("cgroupsPath", "/" + cgroupParent + "/" + id);
    if (!pidNamespace) {
      ArrayNode ns = linux.putArray("namespaces");
      for (String t : List.of("network", "ipc", "uts", "mount")) {
        ns.addObject().put("type", t);
      }
    }
    JSON.writeValue(bundle.resolve("config.json").toFile(), spec);
    return bundle;
  }

  /** An OCI process object for exec, as the engine would send it. */
  static String process(String... args) throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("terminal", false);
    p.putObject("user").put("uid", 0).put("gid", 0);
    ArrayNode argv = p.putArray("args");
    for (String a : args) {
      argv.add(a);
    }
    p.putArray("env").add("PATH=/bin");
    p.put("cwd", "/");
    return JSON.writeValueAsString(p);
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
