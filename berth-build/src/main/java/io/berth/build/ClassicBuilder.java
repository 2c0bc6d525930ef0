package io.berth.build;

import io.berth.common.IdMap;
import io.berth.build.dockerfile.Dockerfile;
import io.berth.build.dockerfile.DockerfileParser;
import io.berth.build.dockerfile.Instruction;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.image.ImageService;
import io.berth.image.ImageView;
import io.berth.image.Reference;
import io.berth.snapshot.LayerDirs;
import io.berth.snapshot.Mounter;
import io.berth.snapshot.Snapshotter;
import io.berth.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Docker's classic builder ({@code moby daemon/builder/dockerfile}): the context is unpacked,
 * the Dockerfile parsed, and each instruction of the stages the target needs becomes a child
 * image of the previous one — found in the {@link BuildCache} when a step with the same key was
 * built before, else made: RUN in a container ({@link StepContainers}) whose writable layer is
 * committed, COPY/ADD straight into a scratch snapshot, the rest as config only. The output is
 * Docker's: {@code Step N/M : ...}, {@code  ---> Using cache}, {@code  ---> Running in <id>},
 * {@code Removing intermediate container <id>}, {@code  ---> <id>}, {@code Successfully built},
 * {@code Successfully tagged}.
 */
public final class ClassicBuilder {
  /** The largest Dockerfile read (it is held in memory whole). */
  static final long MAX_DOCKERFILE = 20L << 20;

  private final Path work;
  private final ImageService images;
  private final StepContainers containers;
  /** moby's {@code streamformatter.NewStderrWriter}: a RUN step's stderr, in red. */
  private static final String STDERR_ON = "\u001b[91m";
  private static final String STDERR_OFF = "\u001b[0m";
  private final ImagePuller puller;
  private final BuildCache cache;
  private final SnapshotSteps snapshots;
  private final IdMap ids;

  /**
   * @param root the daemon's {@code --root}: the cache goes to {@code <root>/build/cache},
   *     contexts, mounts and layer tars to {@code <root>/build/tmp} (a context can be far
   *     bigger than the tmpfs under the exec root)
   */
  public ClassicBuilder(Path root, ImageService images, Snapshotter snapshots,
      LayerDirs layers, Mounter mounter, Syscalls sys, StepContainers containers,
      ImagePuller puller) {
    this.work = root.resolve("build").resolve("tmp");
    this.images = images;
    this.containers = containers;
    this.puller = puller;
    this.cache = new BuildCache(root);
    this.snapshots = new SnapshotSteps(images, snapshots, layers, mounter, sys);
    this.ids = layers.ids();
    ScratchDirs.cleanUp(work, mounter);
    List<String> stale = new ArrayList<>();
    snapshots.walk(info -> {
      if (info.key().startsWith("build-")) {
        stale.add(info.key());
      }
    });
    stale.forEach(snapshots::remove);
  }

  /**
   * Runs a build; returns the image ID. Bad input (Dockerfile syntax, unknown target, missing
   * files) is {@code BerthException.InvalidArgument}; a failing RUN is
   * {@link StepFailedException}. Intermediate containers are removed either way.
   */
  public Digest build(BuildRequest req, InputStream context, BuildOutput out) {
    List<Reference> tags = new ArrayList<>();
    for (String t : req.tags()) {
      tags.add(parseTag(t));
    }
    Path dir = work.resolve(UUID.randomUUID().toString());
    try {
      Path ctx = dir.resolve("context");
      Files.createDirectories(ctx);
      BuildContext.extract(context, ctx);
      Path file = BuildContext.inside(ctx.toRealPath(), req.dockerfile());
      if (!Files.isRegularFile(file)) {
        throw BerthException.invalid("Cannot locate specified Dockerfile: " + req.dockerfile());
      }
      if (Files.size(file) > MAX_DOCKERFILE) {
        // it is read whole; dockerd streams it but no real Dockerfile comes near this
        throw BerthException.invalid("the Dockerfile (" + req.dockerfile() + ") is larger than "
            + (MAX_DOCKERFILE >> 20) + " MiB");
      }
      Dockerfile df = DockerfileParser.parse(req.dockerfile(),
          Files.readString(file, StandardCharsets.UTF_8));
      BuildContext.removeIgnored(ctx.toRealPath(), req.dockerfile());
      Digest id = new Dispatcher(req, df, ctx.toRealPath(), dir, out).run();
      out.aux(id);
      out.stream("Successfully built " + id.hex().substring(0, 12) + "\n");
      for (Reference t : tags) {
        images.tag(id.toString(), t.name(), t.tag());
        out.stream("Successfully tagged " + t.familiar() + "\n");
      }
      return id;
    } catch (IOException e) {
      throw BerthException.internal("build: " + e.getMessage(), e);
    } finally {
      ScratchDirs.deleteTree(dir);
    }
  }

  private static Reference parseTag(String t) {
    try {
      Reference r = Reference.parse(t).withDefaultTag();
      if (r.digest() != null) {
        throw BerthException.invalid("invalid reference format: " + t);
      }
      return r;
    } catch (BerthException e) {
      throw e;
    } catch (RuntimeException e) {
      throw BerthException.invalid("invalid reference format: " + t);
    }
  }

  /**
   * One build's step dispatcher: walks the stages the target needs, numbers the steps, keeps
   * the build args and the stages built so far, and hands each instruction to its step: RUN
   * here, COPY/ADD to {@link CopySteps}, the rest to {@link MetadataSteps}; every step commits
   * through the build's {@link StepCache}.
   */
  private final class Dispatcher {
    private final BuildRequest req;
    private final Dockerfile df;
    private final Path dir;
    private final BuildOutput out;
    private final char escape;
    private final StepCache steps;
    private final CopySteps copies;
    private final Map<String, String> metaArgs = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();
    private final Map<Integer, Digest> built = new LinkedHashMap<>();
    private int step;
    private int total;
    private Instruction current;

    Dispatcher(BuildRequest req, Dockerfile df, Path ctx, Path dir, BuildOutput out) {
      this.req = req;
      this.df = df;
      this.dir = dir;
      this.out = out;
      this.escape = df.directives().getOrDefault("escape", "\\").charAt(0);
      this.steps = new StepCache(cache, images, req, out);
      this.copies = new CopySteps(ctx, dir, snapshots, steps, ids, escape, this::sourceImage);
    }

    Digest run() throws IOException {
      List<Dockerfile.Stage> stages = df.stages();
      int target = StagePlan.target(stages, req.target());
      List<Instruction> extra = new ArrayList<>();
      if (!req.labels().isEmpty()) {
        StringBuilder l = new StringBuilder("LABEL");
        List<Instruction.KeyValue> kv = new ArrayList<>();
        req.labels().forEach((k, v) -> {
          l.append(' ').append(quote(k)).append('=').append(quote(v));
          kv.add(new Instruction.KeyValue(quote(k), quote(v)));
        });
        extra.add(new Instruction.Label(0, l.toString(), kv));
      }
      Set<Integer> needed = StagePlan.needed(stages, target);
      total = df.metaArgs().size() + extra.size();
      for (int i : needed) {
        total += 1 + stages.get(i).instructions().size();
      }
      for (Instruction.Arg a : df.metaArgs()) {
        stepLine(a);
        for (Instruction.KeyValue kv : a.pairs()) {
          String v = req.buildArgs().containsKey(kv.key()) ? req.buildArgs().get(kv.key())
              : kv.value() == null ? null : word(kv.value(), metaArgs::get);
          if (req.buildArgs().containsKey(kv.key())) {
            consumed.add(kv.key());
          }
          metaArgs.put(kv.key(), v);
        }
      }
      Digest result = null;
      for (int i = 0; i <= target; i++) {
        if (!needed.contains(i)) {
          continue;
        }
        result = stage(i, stages.get(i), i == target ? extra : List.of());
        built.put(i, result);
      }
      List<String> unused = req.buildArgs().keySet().stream()
          .filter(k -> !consumed.contains(k) && !BUILTIN_ARGS.contains(k)).sorted().toList();
      if (!unused.isEmpty()) {
        out.stream("[Warning] One or more build-args " + unused + " were not consumed\n");
      }
      if (result == null) {
        throw BerthException.invalid("No image was generated. Is your Dockerfile empty?");
      }
      return result;
    }

    private Digest stage(int index, Dockerfile.Stage stage, List<Instruction> extra)
        throws IOException {
      StageState st = new StageState();
      stepLine(stage.from());
      String name = word(stage.from().image(), metaArgs::get);
      if (name.isBlank()) {
        throw BerthException.invalid("base name (" + stage.from().image()
            + ") should not be blank");
      }
      Integer dep = StagePlan.index(df.stages(), name, index);
      if (dep != null) {
        st.load(built.get(dep), config(built.get(dep)), null);
      } else if (!name.equalsIgnoreCase("scratch")) {
        ImageView base = baseImage(name);
        st.load(base.record().id(), base.config(), base.config().author());
      }
      if (st.image != null) {
        out.stream(" ---> " + st.image.hex().substring(0, 12) + "\n");
      }
      List<String> triggers = st.onBuild == null ? List.of() : List.copyOf(st.onBuild);
      st.onBuild = null;
      if (!triggers.isEmpty()) {
        out.stream("# Executing " + triggers.size() + " build trigger"
            + (triggers.size() == 1 ? "" : "s") + "\n");
        for (String t : triggers) {
          current = DockerfileParser.parseInstruction(req.dockerfile(), t);
          dispatch(st, current);
        }
      }
      List<Instruction> all = new ArrayList<>(stage.instructions());
      all.addAll(extra);
      for (Instruction ins : all) {
        stepLine(ins);
        dispatch(st, ins);
      }
      return st.image;
    }

    private ImageView baseImage(String name) {
      if (req.pull()) {
        puller.pull(name, req.registryAuths(), out);
      }
      try {
        return images.inspect(name);
      } catch (BerthException.NotFound e) {
        if (req.pull()) {
          throw e;
        }
      }
      puller.pull(name, req.registryAuths(), out);
      return images.inspect(name);
    }

    private void dispatch(StageState st, Instruction ins) throws IOException {
      switch (ins) {
        case Instruction.Run r -> run(st, r);
        case Instruction.Copy c -> copies.copy(st, current(), c.sources(), c.dest(), c.from(),
            c.chown(), c.chmod(), false);
        case Instruction.Add a -> copies.copy(st, current(), a.sources(), a.dest(), null,
            a.chown(), a.chmod(), true);
        case Instruction.Arg a -> {
          List<String> text = new ArrayList<>();
          for (Instruction.KeyValue kv : a.pairs()) {
            String v;
            if (req.buildArgs().containsKey(kv.key())) {
              v = req.buildArgs().get(kv.key());
              consumed.add(kv.key());
            } else if (kv.value() != null) {
              v = word(kv.value(), st::lookup);
            } else {
              v = metaArgs.get(kv.key());
            }
            st.args.put(kv.key(), v);
            text.add(kv.value() == null ? kv.key() : kv.key() + "=" + v);
          }
          meta(st, "ARG " + String.join(" ", text));
        }
        default -> {
          String text = MetadataSteps.apply(st, ins, this::word);
          meta(st, text);
        }
      }
    }

    private void stepLine(Instruction ins) {
      current = ins;
      step++;
      out.stream("Step " + step + "/" + total + " : " + ins.original() + "\n");
    }

    private String word(String text, java.util.function.Function<String, String> env) {
      return io.berth.build.dockerfile.ShellWords.word(text, escape, env);
    }

    private String word(StageState st, String text) {
      return word(text, st::lookup);
    }

    /** The step being dispatched, as the cache names it. */
    private StepCache.Step current() {
      return new StepCache.Step(step, current.original());
    }

    /** A step that changes only the config. */
    private void meta(StageState st, String text) throws IOException {
      steps.commit(st, current(), text, "/bin/sh -c #(nop)  " + text, null, null);
    }

    private void run(StageState st, Instruction.Run r) throws IOException {
      List<String> argv = new ArrayList<>();
      if (r.command().shellForm()) {
        argv.addAll(st.shellOrDefault());
      }
      argv.addAll(r.command().args());
      List<String> argEnv = new ArrayList<>();
      st.args.forEach((k, v) -> {
        if (v != null && st.envValue(k) == null) {
          argEnv.add(k + "=" + v);
        }
      });
      String joined = String.join(" ", argv);
      String createdBy = argEnv.isEmpty() ? joined
          : "|" + argEnv.size() + " " + String.join(" ", argEnv) + " " + joined;
      steps.commit(st, current(), "RUN " + json(argv) + " " + json(argEnv), createdBy, () -> {
        List<String> env = new ArrayList<>(st.env == null ? List.of() : st.env);
        env.addAll(argEnv);
        String id = containers.create(new StepContainers.Spec(st.image.toString(), argv, env,
            st.user, st.workingDir, req.networkMode(), req.extraHosts(), req.limits()));
        String shortId = id.substring(0, 12);
        boolean removed = false;
        try {
          out.stream(" ---> Running in " + shortId + "\n");
          int code;
          try (LineOutput lines = new LineOutput(out, "", "");
              LineOutput errors = new LineOutput(out, STDERR_ON, STDERR_OFF)) {
            code = containers.run(id, lines, errors);
          }
          if (code != 0) {
            throw new StepFailedException(joined, code);
          }
          Path layer = snapshots.layerOf(id, dir);
          if (req.rm() || req.forceRm()) {
            containers.remove(id);
            removed = true;
            out.stream("Removing intermediate container " + shortId + "\n");
          }
          return layer;
        } finally {
          // a failed step (or a client gone) leaves no container either: see ADR 109
          if (!removed && (req.rm() || req.forceRm())) {
            containers.remove(id);
          }
        }
      }, null);
    }

    /** {@code COPY --from}: a stage by name or index, else an image. */
    private Digest sourceImage(String ref) {
      Integer dep = StagePlan.index(df.stages(), ref, df.stages().size());
      if (dep != null) {
        Digest d = built.get(dep);
        if (d == null) {
          throw BerthException.invalid("invalid from flag value " + ref
              + ": refers to a stage that is not built before this one");
        }
        return d;
      }
      return baseImage(ref).record().id();
    }

  }

  private static final Set<String> BUILTIN_ARGS = Set.of("HTTP_PROXY", "http_proxy",
      "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
      "ALL_PROXY", "all_proxy");

  private io.berth.oci.ImageConfig config(Digest id) {
    return images.inspect(id.toString()).config();
  }

  static String json(List<String> l) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(l);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

}
