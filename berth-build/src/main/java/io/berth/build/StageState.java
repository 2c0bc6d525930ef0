package io.berth.build;

import io.berth.common.Digest;
import io.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stage has built so far: the current image (null: scratch, nothing yet) and the run
 * config that the next commit writes, plus what is not stored in images: the build args the
 * stage declared and whether this stage set CMD (ENTRYPOINT then keeps it).
 */
final class StageState {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  Digest image;
  String user;
  Map<String, Object> exposedPorts;
  List<String> env;
  List<String> entrypoint;
  List<String> cmd;
  Map<String, Object> volumes;
  String workingDir;
  Map<String, String> labels;
  String stopSignal;
  ImageConfig.Healthcheck healthcheck;
  List<String> onBuild;
  List<String> shell;
  String author;
  boolean cmdSet;
  final Map<String, String> args = new LinkedHashMap<>();

  /** Takes over an image's config (FROM, and each cache hit). */
  void load(Digest id, ImageConfig config, String author) {
    image = id;
    ImageConfig.RunConfig c = config == null ? ImageConfig.RunConfig.empty()
        : config.runConfig();
    user = c.user();
    exposedPorts = copy(c.exposedPorts());
    env = c.env() == null ? null : new ArrayList<>(c.env());
    entrypoint = c.entrypoint();
    cmd = c.cmd();
    volumes = copy(c.volumes());
    workingDir = c.workingDir();
    labels = copy(c.labels());
    stopSignal = c.stopSignal();
    healthcheck = c.healthcheck();
    onBuild = c.onBuild() == null ? null : new ArrayList<>(c.onBuild());
    shell = c.shell();
    this.author = author;
  }

  ImageConfig.RunConfig runConfig() {
    return new ImageConfig.RunConfig(user, exposedPorts, env, entrypoint, cmd, volumes,
        workingDir, labels, stopSignal, healthcheck, onBuild, shell);
  }

  List<String> shellOrDefault() {
    return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
  }

  /** The value of variable {@code name} for substitution: ENV wins over ARG. */
  String lookup(String name) {
    String v = envValue(name);
    return v != null ? v : args.get(name);
  }

  String envValue(String name) {
    if (env != null) {
      for (String kv : env) {
        int eq = kv.indexOf('=');
        if ((eq < 0 ? kv : kv.substring(0, eq)).equals(name)) {
          return eq < 0 ? "" : kv.substring(eq + 1);
        }
      }
    }
    return null;
  }

  void setEnv(String name, String value) {
    env = env == null ? new ArrayList<>() : new ArrayList<>(env);
    String kv = name + "=" + value;
    for (int i = 0; i < env.size(); i++) {
      String e = env.get(i);
      int eq = e.indexOf('=');
      if ((eq < 0 ? e : e.substring(0, eq)).equals(name)) {
        env.set(i, kv);
        return;
      }
    }
    env.add(kv);
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return m == null ? null : new LinkedHashMap<>(m);
  }
}
