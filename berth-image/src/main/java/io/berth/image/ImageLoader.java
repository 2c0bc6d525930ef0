package io.berth.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.BlobInfo;
import io.berth.content.ContentStore;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageIndex;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code docker load}: reads a docker-save archive ({@code manifest.json} with Config, RepoTags
 * and Layers) or an OCI image layout ({@code index.json}, {@code blobs/sha256/...}), stores
 * configs and layer blobs in the content store (digests verified), unpacks the layers and
 * names the images. Reports {@code Loaded image: <name>} or {@code Loaded image ID: <id>}.
 */
public final class ImageLoader {
  private static final String CONTAINERD_NAME = "io.containerd.image.name";

  private final ContentStore content;
  private final ImageStore store;
  private final Unpacker unpacker;
  private final ImageTagger tagger;

  public ImageLoader(ContentStore content, ImageStore store, Unpacker unpacker,
      ImageTagger tagger) {
    this.content = content;
    this.store = store;
    this.unpacker = unpacker;
    this.tagger = tagger;
  }

  /** One entry of docker save's {@code manifest.json}. */
  record SaveEntry(@JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  /** An image found in the archive: config path, layer paths with their expected descriptors. */
  private record Candidate(String configPath, Descriptor config, List<String> layerPaths,
      List<Descriptor> layers, List<Reference> names) {}

  /**
   * Reads the whole archive, layers into content store ingests. This is the slow part that
   * depends on the client, so it runs without the image store's lock.
   */
  ArchiveSpool spool(InputStream archive) {
    return ArchiveSpool.extract(archive, content);
  }

  /** Loads every image of a spooled archive; {@code out} receives one line per message. */
  List<Digest> load(ArchiveSpool spool, Consumer<String> out) {
    {
      List<Candidate> images = spool.has("manifest.json") ? dockerSave(spool)
          : spool.has("index.json") ? ociLayout(spool)
          : List.of();
      if (images.isEmpty() && spool.isEmpty()) {
        // what dockerd's untar says of input that is not a tar archive
        throw BerthException.invalid("Error processing tar file(exit status 1): unexpected EOF");
      }
      if (images.isEmpty()) {
        throw BerthException.invalid("invalid image archive: neither manifest.json nor an OCI"
            + " index.json with images was found");
      }
      List<Digest> loaded = new ArrayList<>();
      for (Candidate c : images) {
        loaded.add(loadOne(spool, c, out));
      }
      return loaded;
    }
  }

  private List<Candidate> dockerSave(ArchiveSpool spool) {
    SaveEntry[] entries = OciJson.read(spool.read("manifest.json"), SaveEntry[].class,
        "manifest.json");
    if (entries == null) {
      // moby's words (image/tarexport/load.go validateManifest)
      throw BerthException.invalid("invalid manifest, manifest cannot be null (but can be [])");
    }
    List<Candidate> out = new ArrayList<>();
    for (SaveEntry e : entries) {
      if (e == null || e.config() == null) {
        throw BerthException.invalid("invalid manifest.json: an entry has no Config");
      }
      List<Reference> names = new ArrayList<>();
      if (e.repoTags() != null && hasNull(e.repoTags())) {
        throw BerthException.invalid("invalid manifest.json: a tag is null");
      }
      for (String t : e.repoTags() == null ? List.<String>of() : e.repoTags()) {
        Reference ref = Reference.parse(t);
        if (ref.tag() == null) {
          throw BerthException.invalid("invalid tag " + t + " in manifest.json");
        }
        names.add(ref);
      }
      List<String> layers = e.layers() == null ? List.of() : e.layers();
      if (hasNull(layers)) {
        throw BerthException.invalid("invalid manifest.json: a layer path is null");
      }
      List<Descriptor> none = new ArrayList<>();
      layers.forEach(l -> none.add(null));
      out.add(new Candidate(e.config(), null, layers, none, names));
    }
    return out;
  }

  private List<Candidate> ociLayout(ArchiveSpool spool) {
    ImageIndex index = OciJson.read(spool.read("index.json"), ImageIndex.class, "index.json");
    if (index == null) {
      throw BerthException.invalid("invalid index.json: index cannot be null");
    }
    List<Candidate> out = new ArrayList<>();
    for (Descriptor d : index.manifests() == null ? List.<Descriptor>of() : index.manifests()) {
      Descriptor m = d;
      if (m == null) {
        throw BerthException.invalid("invalid index.json: a manifest descriptor is null");
      }
      if (MediaTypes.isIndex(m.mediaType())) {
        ImageIndex nested = OciJson.read(spool.read(blobPath(m)), ImageIndex.class, "index");
        if (nested == null || nested.manifests() == null) {
          throw BerthException.invalid("invalid index " + m.digest() + ": it lists no manifests");
        }
        m = pickPlatform(nested);
      }
      ImageManifest manifest = OciJson.read(spool.read(blobPath(m)), ImageManifest.class,
          "manifest");
      if (manifest == null || manifest.config() == null || manifest.layers() == null
          || hasNull(manifest.layers())) {
        throw BerthException.invalid("invalid manifest " + m.digest()
            + ": it needs a config and a list of layers");
      }
      List<Reference> names = new ArrayList<>();
      String name = d.annotations() == null ? null : d.annotations().get(CONTAINERD_NAME);
      if (name != null) {
        names.add(Reference.parse(name).withDefaultTag());
      }
      List<String> paths = manifest.layers().stream().map(ImageLoader::blobPath).toList();
      out.add(new Candidate(blobPath(manifest.config()), manifest.config(), paths,
          manifest.layers(), names));
    }
    return out;
  }

  /** The linux/amd64 (or only) manifest of a nested index. */
  private static Descriptor pickPlatform(ImageIndex index) {
    return index.manifests().stream()
        .filter(d -> d != null && (d.platform() == null || ("linux".equals(d.platform().os())
            && "amd64".equals(d.platform().architecture()))))
        .findFirst()
        .orElseThrow(() -> BerthException.invalid("the archive has no linux/amd64 image"));
  }

  private static String blobPath(Descriptor d) {
    if (d == null || d.digest() == null) {
      throw BerthException.invalid("invalid image archive: a descriptor has no digest");
    }
    Digest digest = Digest.parse(d.digest());
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  private Digest loadOne(ArchiveSpool spool, Candidate c, Consumer<String> out) {
    byte[] configBytes = spool.read(c.configPath());
    Digest id = Digest.sha256(configBytes);
    if (c.config() != null && !c.config().digest().equals(id.toString())) {
      throw BerthException.invalid("config " + c.configPath() + " does not match its digest");
    }
    ImageConfig config = ImageConfig.parse(configBytes);
    if (config == null) {
      throw BerthException.invalid("invalid image config " + c.configPath() + ": null");
    }
    List<String> diffIds = config.diffIds();
    if (hasNull(diffIds)) {
      throw BerthException.invalid("invalid image config " + c.configPath() + ": a diff_id is null");
    }
    if (diffIds.size() != c.layerPaths().size()) {
      throw BerthException.invalid("invalid manifest, layers length mismatch: expected "
          + diffIds.size() + ", got " + c.layerPaths().size());
    }
    spool.blob(c.configPath());
    List<ImageRecord.Layer> layers = new ArrayList<>();
    Digest parent = null;
    for (int i = 0; i < diffIds.size(); i++) {
      Digest diffId = Digest.parse(diffIds.get(i));
      Descriptor expected = c.layers().get(i);
      String path = c.layerPaths().get(i);
      if (!spool.has(path)) {
        throw BerthException.invalid("invalid image archive: layer " + path + " is missing");
      }
      BlobInfo blob = spool.blob(path);
      if (expected != null && !expected.digest().equals(blob.digest().toString())) {
        throw BerthException.invalid("layer " + path + " does not match its digest");
      }
      String mediaType = expected != null ? expected.mediaType() : detectType(blob.digest());
      Unpacker.Unpacked u = unpacker.unpack(blob.digest(), parent, diffId);
      long size = u.size() >= 0 ? u.size() : knownSize(u.chainId());
      layers.add(new ImageRecord.Layer(diffId, u.chainId(), blob.digest(), mediaType,
          blob.size(), size));
      parent = u.chainId();
    }
    ImageRecord previous = store.get(id).orElse(null);
    store.put(new ImageRecord(id, layers, config.created(),
        previous == null ? null : previous.parent(), null,
        previous == null ? null : previous.lastTagTime()));
    for (Reference name : c.names()) {
      tagger.attach(name, id, out);
      out.accept("Loaded image: " + name.familiar());
    }
    if (c.names().isEmpty()) {
      out.accept("Loaded image ID: " + id);
    }
    return id;
  }

  /** The uncompressed size of a layer that was unpacked before, from the image that has it. */
  private long knownSize(Digest chainId) {
    return store.all().stream().flatMap(r -> r.layers().stream())
        .filter(l -> l.chainId().equals(chainId) && l.size() >= 0)
        .mapToLong(ImageRecord.Layer::size).findFirst().orElse(-1);
  }

  private String detectType(Digest blob) {
    try (InputStream in = new BufferedInputStream(content.open(blob), 64)) {
      return Compression.layerMediaType(Compression.detect(in));
    } catch (IOException e) {
      throw BerthException.internal("read layer " + blob, e);
    }
  }

  /** True when a list from hostile JSON holds a null (List.of's contains(null) throws). */
  private static boolean hasNull(List<?> list) {
    return list.stream().anyMatch(java.util.Objects::isNull);
  }
}
