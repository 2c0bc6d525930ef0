package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of {@code images} from {@code GET /images/json}, as docker's image formatter makes them:
 * one row per repository:tag (and per digest with --digests), {@code <none>} for dangling ones.
 */
final class ImageRows {
  static final String TABLE =
      "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  static final String TABLE_DIGESTS =
      "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "IMAGE ID"),
      Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"),
      Map.entry("Digest", "DIGEST"), Map.entry("CreatedSince", "CREATED"),
      Map.entry("CreatedAt", "CREATED AT"), Map.entry("Size", "SIZE"),
      Map.entry("Containers", "CONTAINERS"), Map.entry("VirtualSize", "SIZE"),
      Map.entry("SharedSize", "SHARED SIZE"), Map.entry("UniqueSize", "UNIQUE SIZE"));

  private ImageRows() {}

  static List<ObjectNode> of(JsonNode images, boolean trunc, boolean digests, Instant now) {
    List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode img : images) {
      if (dangling(img)) {
        rows.add(row(img, "<none>", "<none>", "<none>", trunc, now));
        continue;
      }
      Map<String, List<String>> tags = new LinkedHashMap<>();
      Map<String, List<String>> digestsByRepo = new LinkedHashMap<>();
      for (JsonNode t : img.path("RepoTags")) {
        ImageName n = ImageName.parse(t.asText());
        if (n.tag() != null && n.digest() == null) {
          tags.computeIfAbsent(ImageName.familiar(n.repository()), k -> new ArrayList<>())
              .add(n.tag());
        }
      }
      for (JsonNode d : img.path("RepoDigests")) {
        ImageName n = ImageName.parse(d.asText());
        if (n.digest() != null) {
          digestsByRepo.computeIfAbsent(ImageName.familiar(n.repository()),
              k -> new ArrayList<>()).add(n.digest());
        }
      }
      tags.forEach((repo, list) -> {
        List<String> ds = digestsByRepo.remove(repo);
        for (String tag : list) {
          if (!digests || ds == null || ds.isEmpty()) {
            rows.add(row(img, repo, tag, "<none>", trunc, now));
          } else {
            ds.forEach(d -> rows.add(row(img, repo, tag, d, trunc, now)));
          }
        }
      });
      digestsByRepo.forEach((repo, ds) -> {
        if (digests) {
          ds.forEach(d -> rows.add(row(img, repo, "<none>", d, trunc, now)));
        } else {
          rows.add(row(img, repo, "<none>", "", trunc, now));
        }
      });
    }
    return rows;
  }

  /** No references at all, or the pre-1.43 placeholders. */
  static boolean dangling(JsonNode img) {
    JsonNode tags = img.path("RepoTags");
    JsonNode digests = img.path("RepoDigests");
    if (tags.isEmpty() && digests.isEmpty()) {
      return true;
    }
    return tags.size() == 1 && tags.get(0).asText().equals("<none>:<none>")
        && digests.size() <= 1 && (digests.isEmpty()
            || digests.get(0).asText().equals("<none>@<none>"));
  }

  /** Keys in Go's map order (sorted), so that {@code json} prints as docker does. */
  static ObjectNode row(JsonNode img, String repo, String tag, String digest, boolean trunc,
      Instant now) {
    long created = img.path("Created").asLong();
    long size = img.path("Size").asLong();
    long shared = img.path("SharedSize").asLong(-1);
    long containers = img.path("Containers").asLong(-1);
    String id = img.path("Id").asText();
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("Containers", containers == -1 ? "N/A" : Long.toString(containers));
    r.put("CreatedAt", Cells.goTime(created));
    r.put("CreatedSince", Units.since(created, now));
    r.put("Digest", digest);
    r.put("ID", trunc ? Cells.shortId(id) : id);
    r.put("Repository", repo);
    r.put("SharedSize", shared == -1 ? "N/A" : Units.size(shared, 3));
    r.put("Size", Units.size(size, 3));
    r.put("Tag", tag);
    r.put("UniqueSize", size == -1 || shared == -1 ? "N/A" : Units.size(size - shared, 3));
    r.put("VirtualSize", Units.size(size, 3));
    return r;
  }
}
