package io.berth.api.server.routes;

import io.berth.api.model.ImageHistoryItem;
import io.berth.api.model.ImageInspect;
import io.berth.api.model.ImageSummary;
import io.berth.api.model.ApiVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.ContainerConfig;
import io.berth.engine.HealthConfig;
import io.berth.image.HistoryEntry;
import io.berth.image.ImageView;
import io.berth.oci.ImageConfig;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Domain image views to Docker's wire records, with the few version-gated fields. */
final class ImageWire {
  private static final ApiVersion NO_VIRTUAL_SIZE = new ApiVersion(1, 44);
  private static final ApiVersion NO_NONE_TAGS = new ApiVersion(1, 43);
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ImageWire() {}

  static ImageSummary summary(ImageView v, long sharedSize, long containers, ApiVersion api) {
    List<String> tags = v.repoTags();
    List<String> digests = v.repoDigests();
    if (!api.atLeast(NO_NONE_TAGS)) {
      tags = tags.isEmpty() ? List.of("<none>:<none>") : tags;
      digests = digests.isEmpty() ? List.of("<none>@<none>") : digests;
    }
    long size = v.record().size();
    Map<String, String> labels = v.config().runConfig().labels();
    return new ImageSummary(v.record().id().toString(),
        v.record().parent() == null ? "" : v.record().parent().toString(), tags, digests,
        instant(v.record().created()).getEpochSecond(), size, sharedSize,
        api.atLeast(NO_VIRTUAL_SIZE) ? null : size, labels == null ? Map.of() : labels,
        containers);
  }

  static ImageInspect inspect(ImageView v, ApiVersion api) {
    ImageConfig c = v.config();
    long size = v.record().size();
    return new ImageInspect(v.record().id().toString(), v.repoTags(), v.repoDigests(),
        v.record().parent() == null ? "" : v.record().parent().toString(),
        c.comment() == null ? "" : c.comment(), rfc3339Nano(instant(v.record().created())),
        c.container() == null ? "" : c.container(),
        containerConfig(c),
        c.dockerVersion() == null ? "" : c.dockerVersion(), c.author() == null ? "" : c.author(),
        runConfig(c.runConfig()), c.architecture(), c.variant(), c.os(), size,
        api.atLeast(NO_VIRTUAL_SIZE) ? null : size,
        new ImageInspect.GraphDriver("overlayfs", null),
        new ImageInspect.RootFs("layers", c.diffIds()),
        new ImageInspect.Metadata(v.record().lastTagTime() == null ? ZERO_TIME
            : rfc3339Nano(instant(v.record().lastTagTime()))));
  }

  static ImageHistoryItem history(HistoryEntry h) {
    return new ImageHistoryItem(h.id(), h.created(), h.createdBy(), h.tags(), h.size(),
        h.comment());
  }

  /**
   * The container an image was committed from, as recorded; empty when none or unreadable.
   * Read and written as a container's {@code Config} is ({@link WireNames}): it is one.
   */
  private static JsonNode containerConfig(ImageConfig c) {
    if (c.containerConfig() != null && c.containerConfig().isObject()) {
      try {
        return config(WireNames.MAPPER.treeToValue(c.containerConfig(), ContainerConfig.class));
      } catch (IOException | IllegalArgumentException e) {
        // an old image's odd types: shown as none
      }
    }
    return runConfig(ImageConfig.RunConfig.empty());
  }

  /** The image's {@code Config}: the engine's container config of its run settings. */
  private static JsonNode runConfig(ImageConfig.RunConfig r) {
    return config(ContainerConfig.builder().hostname("").domainname("")
        .user(r.user() == null ? "" : r.user()).exposedPorts(r.exposedPorts()).env(r.env())
        .cmd(r.cmd()).healthcheck(HealthConfig.of(r.healthcheck())).image("")
        .volumes(r.volumes()).workingDir(r.workingDir() == null ? "" : r.workingDir())
        .entrypoint(r.entrypoint()).onBuild(r.onBuild()).labels(r.labels())
        .stopSignal(r.stopSignal()).shell(r.shell()).build());
  }

  /** Docker's image config has no {@code StopTimeout} unless one is set (Go's omitempty). */
  private static JsonNode config(ContainerConfig c) {
    ObjectNode tree = WireNames.MAPPER.valueToTree(c);
    if (tree.path("StopTimeout").isNull()) {
      tree.remove("StopTimeout");
    }
    return tree;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** Go's RFC3339Nano: fraction without trailing zeros. */
  static String rfc3339Nano(Instant t) {
    String s = t.toString();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    String frac = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
    return s.substring(0, dot) + (frac.isEmpty() ? "" : "." + frac) + "Z";
  }
}
