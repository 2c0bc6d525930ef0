package io.berth.api.server.routes;

import io.berth.api.model.DiskUsageResponse;
import io.berth.api.model.ImageDeleteItem;
import io.berth.api.model.ImagesPruneResponse;
import io.berth.api.model.Json;
import io.berth.api.model.ProgressMessage;
import io.berth.api.server.Filters;
import io.berth.api.server.http.ErrorStatus;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.image.ImageImporter;
import io.berth.image.ImageRemover;
import io.berth.image.ImageSaver;
import io.berth.image.ImageService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code /images/...} and {@code /system/df}. The fixed paths come before the
 * {@code {name*}} patterns, which would otherwise swallow {@code /images/json}.
 */
public final class ImageRoutes {
  private ImageRoutes() {}

  public static List<Route> routes(ImageService images) {
    return routes(images, List::of);
  }

  /** @param volumes {@code system df}'s Volumes, with their UsageData */
  public static List<Route> routes(ImageService images,
      java.util.function.Supplier<List<Object>> volumes) {
    return List.of(
        Route.get("/images/json", ex -> ex.json(200, images.list(
            ex.queryBool("all", false), Filters.parse(ex.query("filters"))).stream()
            .map(v -> ImageWire.summary(v, -1, -1, ex.request().version())).toList())),
        Route.post("/images/load", ex -> load(images, ex)),
        Route.get("/images/get", ex -> save(images, ex, ex.request().queryAll("names"))),
        Route.post("/images/prune", ex -> prune(images, ex)),
        Route.post("/images/create", ex -> create(images, ex)),
        Route.get("/images/search", ex -> {
          throw new BerthException.NotImplemented("image search is not supported by berth");
        }),
        Route.get("/system/df", ex -> df(images, ex, volumes.get())),
        Route.get("/images/{name*}/json", ex -> ex.json(200,
            ImageWire.inspect(images.inspect(ex.param("name")), ex.request().version()))),
        Route.get("/images/{name*}/history", ex -> ex.json(200,
            images.history(ex.param("name")).stream().map(ImageWire::history).toList())),
        Route.get("/images/{name*}/get", ex -> save(images, ex, List.of(ex.param("name")))),
        Route.post("/images/{name*}/tag", ex -> {
          images.tag(ex.param("name"), ex.query("repo"), ex.query("tag"));
          ex.empty(201);
        }),
        Route.delete("/images/{name*}", ex -> ex.json(200,
            images.remove(ex.param("name"), ex.queryBool("force", false),
                ex.queryBool("noprune", false)).stream().map(ImageRoutes::item).toList())));
  }

  private static ImageDeleteItem item(ImageRemover.Deleted d) {
    return new ImageDeleteItem(d.untagged(), d.deleted());
  }

  private static void prune(ImageService images, Exchange ex) {
    var report = images.prune(Filters.parse(ex.query("filters")));
    ex.json(200, new ImagesPruneResponse(report.deleted().isEmpty() ? null
        : report.deleted().stream().map(ImageRoutes::item).toList(), report.spaceReclaimed()));
  }

  private static void df(ImageService images, Exchange ex, List<Object> volumes) {
    var usage = images.diskUsage();
    ex.json(200, new DiskUsageResponse(usage.layersSize(), usage.images().stream()
        .map(e -> ImageWire.summary(e.image(), e.sharedSize(), 0, ex.request().version()))
        .toList(), List.of(), volumes, List.of()));
  }

  /** Resolves every name first, so that an unknown one is a plain 404, then streams the tar. */
  private static void save(ImageService images, Exchange ex, List<String> names) throws IOException {
    ImageSaver.Plan plan = images.planSave(names);
    try (OutputStream out = ex.stream(200, "application/x-tar")) {
      images.save(plan, out);
    }
  }

  /**
   * {@code docker load}: a 200 JSON stream whatever happens, errors in-band as
   * {@code errorDetail} — dockerd 20.10's {@code postImagesLoad} writes every load error into
   * the stream, and docker-py raises {@code ImageLoadError} only from the stream.
   */
  private static void load(ImageService images, Exchange ex) throws IOException {
    ProgressStream progress = new ProgressStream(ex);
    try {
      images.load(ex.request().body(), line -> progress.send(ProgressMessage.stream(line + "\n")));
    } catch (RuntimeException e) {
      progress.send(ProgressMessage.error(ErrorStatus.message(e)));
    }
    progress.finish();
  }

  /** {@code POST /images/create}: pull with {@code fromImage}, import with {@code fromSrc=-}. */
  private static void create(ImageService images, Exchange ex) throws IOException {
    if (ex.query("fromImage") != null) {
      RegistryRoutes.pull(images, ex);
      return;
    }
    String src = ex.query("fromSrc");
    if (!"-".equals(src)) {
      throw BerthException.invalid(src == null ? "fromImage or fromSrc is required"
          : "importing from a URL is not supported; send the archive in the body (fromSrc=-)");
    }
    Digest id = images.importImage(ex.request().body(), new ImageImporter.Request(
        ex.query("repo"), ex.query("tag"), ex.request().queryAll("changes"), ex.query("message"),
        src));
    ProgressStream progress = new ProgressStream(ex);
    progress.send(ProgressMessage.status(id.toString()));
    progress.finish();
  }

  /** A JSON progress stream whose headers go out with the first message. */
  private static final class ProgressStream {
    private final Exchange ex;
    private OutputStream out;

    ProgressStream(Exchange ex) {
      this.ex = ex;
    }

    void send(ProgressMessage m) {
      try {
        if (out == null) {
          out = ex.stream(200, "application/json");
        }
        out.write(Json.MAPPER.writeValueAsBytes(m));
        out.write('\r');
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void finish() throws IOException {
      if (out == null) {
        out = ex.stream(200, "application/json");
      }
      out.close();
    }
  }
}
