package io.berth.build;

import io.berth.common.IdMap;
import io.berth.build.dockerfile.Dockerfile;
import io.berth.build.dockerfile.DockerfileParser;
import io.berth.build.dockerfile.Instruction;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
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

  private static final System.Logger LOG = System.getLogger("berth.build");

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
      Digest id = new Run(req, df, ctx.toRealPath(), dir, out).run();
      out.aux(id);
      out.stream("Successfully built " + id.hex().substring(0, 12) + "\n");
      for (Reference t : tags) {
        images.tag(id.toString(), t.name(), t.tag());
        out.stream("Successfully tagged " + t.familiar() + "\n");
      }
      return id;
    } catch (IOException e) {
      throw BerthException.internal("build: " + Messages.of(e), e);
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

  /** One build: the request, its Dockerfile and the stages built so far. */
  private final class Run {
    private final BuildRequest req;
    private final Dockerfile df;
    private java.util.Set<Digest> cacheSources;
    private final Path ctx;
    private final Path dir;
    private final BuildOutput out;
    private final char escape;
    private final Map<String, String> metaArgs = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();
    private final Map<Integer, Digest> built = new LinkedHashMap<>();
    private int step;
    private int total;
    private Instruction current;
    private final Set<Digest> made = new HashSet<>();

    Run(BuildRequest req, Dockerfile df, Path ctx, Path dir, BuildOutput out) {
      this.req = req;
      this.df = df;
      this.ctx = ctx;
      this.dir = dir;
      this.out = out;
      this.escape = df.directives().getOrDefault("escape", "\\").charAt(0);
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
        case Instruction.Copy c -> copy(st, c.sources(), c.dest(), c.from(), c.chown(),
            c.chmod(), false, c.original());
        case Instruction.Add a -> copy(st, a.sources(), a.dest(), null, a.chown(), a.chmod(),
            true, a.original());
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

    /** A step that changes only the config. */
    private void meta(StageState st, String text) throws IOException {
      commit(st, text, "/bin/sh -c #(nop)  " + text, null);
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
      commit(st, "RUN " + json(argv) + " " + json(argEnv), createdBy, () -> {
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
      });
    }

    private void copy(StageState st, List<String> rawSources, String rawDest, String from,
        String chown, String chmod, boolean add, String original) throws IOException {
      String kw = add ? "ADD" : "COPY";
      List<String> sources = rawSources.stream().map(s -> word(st, s)).toList();
      String dest = word(st, rawDest);
      boolean intoDir = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
      if (!dest.startsWith("/")) {
        String wd = st.workingDir == null || st.workingDir.isEmpty() ? "/" : st.workingDir;
        dest = (wd.endsWith("/") ? wd : wd + "/") + dest;
      }
      dest = Path.of(dest).normalize().toString();
      if (intoDir && !dest.endsWith("/")) {
        dest += "/";
      }
      String owner = chown == null ? null : word(st, chown);
      Integer mode = null;
      if (chmod != null) {
        try {
          mode = Integer.parseInt(word(st, chmod), 8);
        } catch (NumberFormatException e) {
          throw BerthException.invalid("invalid chmod parameter: " + chmod);
        }
      }
      String what = (from == null ? "" : "--from=" + word(st, from) + " ")
          + (owner == null ? "" : "--chown=" + owner + " ")
          + (mode == null ? "" : "--chmod=" + Integer.toOctalString(mode) + " ");
      String alias = null;
      Digest sourceImage = null;
      if (from != null) {
        // Probed first: the same files of the same source image, which needs no mount. A
        // source image that changed elsewhere still hits through the content hash below.
        sourceImage = sourceImage(word(st, from));
        alias = kw + " " + what + sourceImage + " " + ClassicBuilder.json(sources) + " in "
            + dest;
        if (fromCache(st, alias)) {
          return;
        }
      }
      SnapshotSteps.Source source = from == null ? SnapshotSteps.Source.of(ctx)
          : snapshots.mountImage(sourceImage, dir);
      try (source) {
        CopyStep copy = new CopyStep(source.root(), sources, dest, add, kw);
        Digest hash = copy.hash();
        String text = kw + " " + what + hash.hex() + " in " + dest;
        Integer m = mode;
        commit(st, text, "/bin/sh -c #(nop) " + kw + " " + what + "file:" + hash.hex() + " in "
            + dest + " ", () -> snapshots.layerByCopy(st.image, dir, root -> copy.apply(root,
                hostOwner(owner == null ? new int[] {0, 0} : RootfsPath.owner(root, owner)), m)),
            alias);
      }
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

    /** Reuses the cached result of this step, or makes it and records it. */
    private String keyText(StageState st, String text) {
      return text + "\n" + new String(io.berth.oci.OciJson.write(st.runConfig()),
          StandardCharsets.UTF_8) + "\n" + st.author;
    }

    /** Takes the step from the cache when {@code text} was built on this image before. */
    private boolean fromCache(StageState st, String text) {
      if (req.noCache()) {
        return false;
      }
      var hit = cache.get(BuildCache.key(st.image, keyText(st, text))).filter(images::exists)
          .filter(this::cacheSource);
      if (hit.isEmpty()) {
        return false;
      }
      out.stream(" ---> Using cache\n");
      out.stream(" ---> " + hit.get().hex().substring(0, 12) + "\n");
      boolean cmdSet = st.cmdSet;
      Map<String, String> args = new LinkedHashMap<>(st.args);
      st.load(hit.get(), config(hit.get()), st.author);
      st.cmdSet = cmdSet;
      st.args.putAll(args);
      return true;
    }

    /**
     * moby's image-source cache: with {@code cache-from}, a step is reused only from those
     * images and the images they were built from, never from the local cache alone.
     */
    private boolean cacheSource(Digest image) {
      if (req.cacheFrom().isEmpty()) {
        return true;
      }
      if (cacheSources == null) {
        cacheSources = new java.util.HashSet<>();
        for (String name : req.cacheFrom()) {
          try {
            for (var v = images.inspect(name); v != null; ) {
              if (!cacheSources.add(v.record().id())) {
                break;
              }
              Digest parent = v.record().parent();
              v = parent == null || !images.exists(parent) ? null
                  : images.inspect(parent.toString());
            }
          } catch (BerthException.NotFound e) {
            // dockerd skips a cache-from image that it does not have
          }
        }
      }
      return cacheSources.contains(image);
    }

    private void commit(StageState st, String text, String createdBy, LayerMaker layer)
        throws IOException {
      commit(st, text, createdBy, layer, null);
    }

    /**
     * Reuses the cached result of this step, or makes it and records it (also under
     * {@code alias}, a cheaper key the step probed first, when not null).
     */
    private void commit(StageState st, String text, String createdBy, LayerMaker layer,
        String alias) throws IOException {
      String original = current.original();
      String keyText = keyText(st, text);
      Digest key = BuildCache.key(st.image, keyText);
      Digest aliasKey = alias == null ? null : BuildCache.key(st.image, keyText(st, alias));
      if (fromCache(st, text)) {
        if (aliasKey != null) {
          cache.put(aliasKey, st.image);
        }
        return;
      }
      String why = req.noCache() ? "--no-cache" : made.contains(st.image)
          ? "the step before it was rebuilt" : cache.explain(st.image, original, keyText);
      LOG.log(System.Logger.Level.DEBUG, "cache miss at step " + step + " (" + original + "): "
          + why);
      if (req.explainCache()) {
        out.stream(" ---> Cache miss: " + why + "\n");
      }
      Digest parent = st.image;
      Path tar = layer == null ? null : layer.make();
      try {
        Digest id = images.commit(new io.berth.image.ImageCommitter.Commit(st.image, tar,
            st.runConfig(), createdBy, null, st.author, java.time.Instant.now().toString()));
        cache.put(key, id);
        if (aliasKey != null) {
          cache.put(aliasKey, id);
        }
        cache.remember(parent, original, keyText);
        made.add(id);
        st.image = id;
        out.stream(" ---> " + id.hex().substring(0, 12) + "\n");
      } finally {
        if (tar != null) {
          Files.deleteIfExists(tar);
        }
      }
    }
  }

  private static final Set<String> BUILTIN_ARGS = Set.of("HTTP_PROXY", "http_proxy",
      "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
      "ALL_PROXY", "all_proxy");

  /** Makes a step's layer tar. */
  @FunctionalInterface
  interface LayerMaker {
    Path make() throws IOException;
  }

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

  /** A COPY --chown owner (container ids) as the snapshot stores it (the userns-remap's). */
  private int[] hostOwner(int[] owner) {
    return new int[] {ids.hostUid(owner[0]), ids.hostGid(owner[1])};
  }
}
