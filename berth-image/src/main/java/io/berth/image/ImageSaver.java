package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.ContentStore;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageIndex;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save} in Docker 25's layout: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/<hex>} for manifests, configs and uncompressed layer
 * tars) plus the classic {@code manifest.json} and {@code repositories} that older
 * {@code docker load} reads. Layers are written uncompressed, so each blob's digest is its diff
 * ID and a round trip keeps every ID.
 */
public final class ImageSaver {
  private final ContentStore content;
  private final ImageStore store;
  private final ImageLookup lookup;

  public ImageSaver(ContentStore content, ImageStore store, ImageLookup lookup) {
    this.content = content;
    this.store = store;
    this.lookup = lookup;
  }

  /** The images to save and their names, resolved before anything is written. */
  public record Plan(List<ImageRecord> images, Map<Digest, List<Reference>> names) {}

  /**
   * Resolves {@code names}: a tag saves that tag, a bare repository all its tags, an ID the
   * image without names. Unknown names are {@code NotFound}.
   */
  public Plan plan(List<String> requested) {
    Map<Digest, ImageRecord> images = new LinkedHashMap<>();
    Map<Digest, List<Reference>> names = new LinkedHashMap<>();
    for (String text : requested) {
      List<Reference> repoTags = new ArrayList<>();
      if (!Reference.isFullId(text) && text.indexOf('@') < 0 && !hasTag(text)) {
        Reference repo = Reference.parse(text);
        for (ImageRecord r : store.all()) {
          for (Reference ref : store.refsOf(r.id())) {
            if (ref.name().equals(repo.name()) && ref.tag() != null) {
              images.putIfAbsent(r.id(), r);
              names.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(ref);
              repoTags.add(ref);
            }
          }
        }
      }
      if (!repoTags.isEmpty()) {
        continue;
      }
      ImageLookup.Found found = lookup.resolve(text);
      images.putIfAbsent(found.image().id(), found.image());
      List<Reference> list = names.computeIfAbsent(found.image().id(), k -> new ArrayList<>());
      if (found.ref() != null && found.ref().tag() != null && !list.contains(found.ref())) {
        list.add(found.ref());
      }
    }
    return new Plan(List.copyOf(images.values()), names);
  }

  private static boolean hasTag(String text) {
    int slash = text.lastIndexOf('/');
    return text.indexOf(':', slash + 1) >= 0;
  }

  /** Writes the archive of {@code plan} to {@code out} (not closed). */
  public void write(Plan plan, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    Instant now = Instant.now();
    Set<String> written = new HashSet<>();
    dir(tar, "blobs/", now);
    dir(tar, "blobs/sha256/", now);
    List<Map<String, Object>> manifestJson = new ArrayList<>();
    List<Descriptor> indexEntries = new ArrayList<>();
    Map<String, Map<String, String>> repositories = new TreeMap<>();
    for (ImageRecord image : plan.images()) {
      List<Descriptor> layers = new ArrayList<>();
      List<String> layerPaths = new ArrayList<>();
      for (ImageRecord.Layer l : image.layers()) {
        String path = "blobs/sha256/" + l.diffId().hex();
        long size = l.size() >= 0 ? l.size() : uncompressedSize(l.blob());
        if (written.add(path)) {
          TarArchiveEntry e = file(path, size, now);
          tar.putArchiveEntry(e);
          try (InputStream in = Compression.decompress(content.open(l.blob()))) {
            copyExactly(in, tar, size, l);
          }
          tar.closeArchiveEntry();
        }
        layers.add(Descriptor.of(MediaTypes.OCI_LAYER, l.diffId().toString(), size));
        layerPaths.add(path);
      }
      byte[] config;
      try (InputStream in = content.open(image.id())) {
        config = in.readAllBytes();
      }
      String configPath = "blobs/sha256/" + image.id().hex();
      writeBlob(tar, written, configPath, config, now);
      byte[] manifest = OciJson.write(ImageManifest.oci(
          Descriptor.of(MediaTypes.OCI_CONFIG, image.id().toString(), config.length), layers));
      Digest manifestDigest = Digest.sha256(manifest);
      writeBlob(tar, written, "blobs/sha256/" + manifestDigest.hex(), manifest, now);
      List<Reference> names = plan.names().getOrDefault(image.id(), List.of());
      List<String> repoTags = names.stream().map(Reference::familiar).toList();
      Descriptor desc = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest.toString(),
          manifest.length);
      if (names.isEmpty()) {
        indexEntries.add(desc);
      }
      for (Reference n : names) {
        indexEntries.add(desc.withAnnotations(new TreeMap<>(Map.of(
            "io.containerd.image.name", n.toString(),
            "org.opencontainers.image.ref.name", n.tag()))));
        if (!image.layers().isEmpty()) {
          repositories.computeIfAbsent(n.familiarName(), k -> new TreeMap<>())
              .put(n.tag(), image.layers().getLast().diffId().hex());
        }
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("Config", configPath);
      entry.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
      entry.put("Layers", layerPaths);
      manifestJson.add(entry);
    }
    writeBlob(tar, written, "index.json", OciJson.write(ImageIndex.oci(indexEntries)), now);
    writeBlob(tar, written, "manifest.json", OciJson.write(manifestJson), now);
    writeBlob(tar, written, "oci-layout",
        "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), now);
    if (!repositories.isEmpty()) {
      writeBlob(tar, written, "repositories", OciJson.write(repositories), now);
    }
    tar.finish();
    tar.flush();
  }

  private long uncompressedSize(Digest blob) throws IOException {
    try (InputStream in = Compression.decompress(content.open(blob))) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long size,
      ImageRecord.Layer l) throws IOException {
    long copied = in.transferTo(out);
    if (copied != size) {
      throw BerthException.internal("layer " + l.blob() + " holds " + copied
          + " bytes, the image record says " + size, null);
    }
  }

  private static void writeBlob(TarArchiveOutputStream tar, Set<String> written, String path,
      byte[] data, Instant time) throws IOException {
    if (!written.add(path)) {
      return;
    }
    tar.putArchiveEntry(file(path, data.length, time));
    tar.write(data);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry file(String path, long size, Instant time) {
    TarArchiveEntry e = new TarArchiveEntry(path);
    e.setSize(size);
    e.setMode(0644);
    e.setModTime(time.toEpochMilli());
    return e;
  }

  private static void dir(TarArchiveOutputStream tar, String path, Instant time)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(path);
    e.setMode(040755);
    e.setModTime(time.toEpochMilli());
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }
}
