package io.berth.build;

import io.berth.build.dockerfile.Instruction;
import io.berth.build.dockerfile.ShellWords;
import io.berth.common.BerthException;
import io.berth.oci.ImageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The instructions that change only the image config (moby's {@code dispatchers.go}): each
 * updates the stage's state and returns its canonical text, which goes into the history entry
 * ({@code #(nop)  ENV a=b}) and the cache key.
 */
final class MetadataSteps {
  private MetadataSteps() {}

  /** Expands a word with the stage's variables. */
  @FunctionalInterface
  interface Words {
    String word(StageState st, String text);
  }

  static String apply(StageState st, Instruction ins, Words w) {
    return switch (ins) {
      case Instruction.Env e -> {
        List<String> parts = new ArrayList<>();
        for (Instruction.KeyValue kv : e.pairs()) {
          String k = w.word(st, kv.key());
          String v = w.word(st, kv.value());
          st.setEnv(k, v);
          parts.add(k + "=" + v);
        }
        yield "ENV " + String.join(" ", parts);
      }
      case Instruction.Label l -> {
        st.labels = st.labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(st.labels);
        List<String> parts = new ArrayList<>();
        for (Instruction.KeyValue kv : l.pairs()) {
          String k = w.word(st, kv.key());
          String v = w.word(st, kv.value());
          st.labels.put(k, v);
          parts.add(k + "=" + v);
        }
        yield "LABEL " + String.join(" ", parts);
      }
      case Instruction.Workdir d -> {
        String p = w.word(st, d.path());
        if (!p.startsWith("/")) {
          String base = st.workingDir == null || st.workingDir.isEmpty() ? "/" : st.workingDir;
          p = (base.endsWith("/") ? base : base + "/") + p;
        }
        st.workingDir = java.nio.file.Path.of(p).normalize().toString();
        yield "WORKDIR " + st.workingDir;
      }
      case Instruction.User u -> {
        st.user = w.word(st, u.user());
        yield "USER " + st.user;
      }
      case Instruction.Expose x -> {
        st.exposedPorts = st.exposedPorts == null ? new LinkedHashMap<>()
            : new LinkedHashMap<>(st.exposedPorts);
        List<String> ports = new ArrayList<>();
        for (String raw : x.ports()) {
          for (String p : ShellWords.words(raw, '\\', st::lookup)) {
            String port = p.contains("/") ? p.toLowerCase(java.util.Locale.ROOT) : p + "/tcp";
            if (!port.matches("\\d+(-\\d+)?/(tcp|udp|sctp)")) {
              throw BerthException.invalid("invalid containerPort: " + p);
            }
            st.exposedPorts.put(port, new LinkedHashMap<>());
            ports.add(port);
          }
        }
        yield "EXPOSE " + String.join(" ", ports);
      }
      case Instruction.Volume v -> {
        st.volumes = st.volumes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(st.volumes);
        List<String> paths = new ArrayList<>();
        for (String raw : v.paths()) {
          String p = w.word(st, raw);
          if (p.isBlank()) {
            throw BerthException.invalid("VOLUME specified can not be an empty string");
          }
          st.volumes.put(p, new LinkedHashMap<>());
          paths.add(p);
        }
        yield "VOLUME " + ClassicBuilder.json(paths);
      }
      case Instruction.StopSignal s -> {
        st.stopSignal = w.word(st, s.signal());
        yield "STOPSIGNAL " + st.stopSignal;
      }
      case Instruction.Shell s -> {
        st.shell = s.shell();
        yield "SHELL " + ClassicBuilder.json(s.shell());
      }
      case Instruction.Cmd c -> {
        st.cmd = command(st, c.command());
        st.cmdSet = true;
        yield "CMD " + ClassicBuilder.json(st.cmd);
      }
      case Instruction.Entrypoint e -> {
        st.entrypoint = command(st, e.command());
        if (!st.cmdSet) {
          st.cmd = null; // moby: an ENTRYPOINT drops the CMD inherited from the base image
        }
        yield "ENTRYPOINT " + ClassicBuilder.json(st.entrypoint);
      }
      case Instruction.Healthcheck h -> {
        if (h.test() == null) {
          st.healthcheck = new ImageConfig.Healthcheck(List.of("NONE"), null, null, null, null,
              null);
        } else {
          List<String> test = new ArrayList<>();
          if (h.test().shellForm()) {
            test.add("CMD-SHELL");
          } else {
            test.add("CMD");
          }
          test.addAll(h.test().args());
          st.healthcheck = new ImageConfig.Healthcheck(test, nanos(h.interval()),
              nanos(h.timeout()), nanos(h.startPeriod()), nanos(h.startInterval()), h.retries());
        }
        yield "HEALTHCHECK " + st.healthcheck.test();
      }
      case Instruction.OnBuild o -> {
        st.onBuild = st.onBuild == null ? new ArrayList<>() : new ArrayList<>(st.onBuild);
        st.onBuild.add(o.trigger());
        yield "ONBUILD " + o.trigger();
      }
      case Instruction.Maintainer m -> {
        st.author = m.name();
        yield "MAINTAINER " + m.name();
      }
      default -> throw new IllegalArgumentException("not a config-only instruction: " + ins);
    };
  }

  private static List<String> command(StageState st, Instruction.Command c) {
    List<String> out = new ArrayList<>();
    if (c.shellForm() && !c.args().isEmpty()) {
      out.addAll(st.shellOrDefault());
    }
    out.addAll(c.args());
    return out;
  }

  private static Long nanos(Duration d) {
    return d == null ? null : d.toNanos();
  }
}
