package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.common.Messages;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import io.berth.oci.ImageConfig;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Makes a child image of a parent (or of nothing, {@code FROM scratch}): the parent's layers
 * plus an optional new one, a new run config and one more history entry. This is what each
 * build step and {@code docker commit} produce; the child records its parent, as moby's
 * classic builder does, so that list hides intermediate images and the build cache can find
 * them. The new layer is an uncompressed tar (its blob digest is its diff ID), stored and then
 * unpacked on the parent's top snapshot.
 */
public final class ImageCommitter {
  private final ContentStore content;
  private final ImageStore store;
  private final ImageQueries queries;
  private final Unpacker unpacker;

  public ImageCommitter(ContentStore content, ImageStore store, ImageQueries queries,
      Unpacker unpacker) {
    this.content = content;
    this.store = store;
    this.queries = queries;
    this.unpacker = unpacker;
  }

  /**
   * What to commit.
   *
   * @param parent the parent image, or null for none
   * @param layer an uncompressed layer tar, or null for a step without a layer
   * @param config the child's run config
   * @param createdBy the history entry's {@code created_by}
   * @param comment the history entry's and config's comment, or null
   * @param author the author, or null
   * @param created RFC 3339 time of the child
   */
  public record Commit(Digest parent, Path layer, ImageConfig.RunConfig config, String createdBy,
      String comment, String author, String created, String container,
      com.fasterxml.jackson.databind.JsonNode containerConfig) {
    /** Not from a container of its own (a build step). */
    public Commit(Digest parent, Path layer, ImageConfig.RunConfig config, String createdBy,
        String comment, String author, String created) {
      this(parent, layer, config, createdBy, comment, author, created, null, null);
    }
  }

  /** Commits; returns the new image's ID (the digest of its config). */
  public Digest commit(Commit c) {
    ImageRecord parent = c.parent() == null ? null : store.get(c.parent())
        .orElseThrow(() -> ImageLookup.noSuch(c.parent().toString()));
    ImageConfig base = parent == null ? null : ImageConfig.parse(queries.configBytes(parent.id()));
    List<ImageRecord.Layer> layers = new ArrayList<>(parent == null ? List.of() : parent.layers());
    List<String> diffIds = new ArrayList<>(base == null ? List.of() : base.diffIds());
    List<ImageConfig.History> history = new ArrayList<>(base == null ? List.of()
        : base.historyOrEmpty());
    if (c.layer() != null) {
      BlobInfo blob = storeLayer(c.layer());
      Digest parentChain = parent == null ? null : parent.topChain();
      Unpacker.Unpacked u = unpacker.unpack(blob.digest(), parentChain, blob.digest());
      layers.add(new ImageRecord.Layer(blob.digest(), u.chainId(), blob.digest(),
          MediaTypes.DOCKER_LAYER, blob.size(), blob.size()));
      diffIds.add(blob.digest().toString());
    }
    history.add(new ImageConfig.History(c.created(), c.createdBy(), c.author(), c.comment(),
        c.layer() == null ? Boolean.TRUE : null));
    ImageConfig config = new ImageConfig(c.created(), c.author(),
        base == null || base.architecture() == null ? "amd64" : base.architecture(),
        base == null ? null : base.variant(),
        base == null || base.os() == null ? "linux" : base.os(), null, c.config(),
        new ImageConfig.RootFs("layers", diffIds), history, c.comment(), null, c.container(),
        c.containerConfig());
    byte[] bytes = OciJson.write(config);
    Digest id = Digest.sha256(bytes);
    if (!content.exists(id)) {
      try (BlobWriter w = content.writer("commit-" + id.hex(), bytes.length, id)) {
        w.write(bytes);
        w.commit();
      } catch (IOException e) {
        throw BerthException.internal("store config " + id, e);
      }
    }
    if (store.get(id).isEmpty()) {
      store.put(new ImageRecord(id, layers, c.created(), c.parent(), null, null));
    }
    return id;
  }

  private BlobInfo storeLayer(Path tar) {
    try (InputStream in = Files.newInputStream(tar);
        BlobWriter w = content.writer("commit-" + UUID.randomUUID(), Files.size(tar), null)) {
      in.transferTo(w);
      return w.commit();
    } catch (IOException e) {
      throw BerthException.internal("store layer: " + Messages.of(e), e);
    }
  }
}
