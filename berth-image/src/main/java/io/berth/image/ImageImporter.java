package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.BlobInfo;
import io.berth.content.BlobWriter;
import io.berth.content.ContentStore;
import io.berth.oci.ImageConfig;
import io.berth.oci.OciJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code docker import} ({@code POST /images/create?fromSrc=-}): one rootfs tar, plain or
 * compressed, becomes a one-layer image whose config carries the {@code --change}s and whose
 * history carries the message, as moby's {@code ImportImage} builds it.
 */
public final class ImageImporter {
  private final ContentStore content;
  private final ImageStore store;
  private final Unpacker unpacker;
  private final ImageTagger tagger;

  public ImageImporter(ContentStore content, ImageStore store, Unpacker unpacker,
      ImageTagger tagger) {
    this.content = content;
    this.store = store;
    this.unpacker = unpacker;
    this.tagger = tagger;
  }

  /** What to import as: {@code repo} may be null; {@code tag} null means latest. */
  public record Request(String repo, String tag, List<String> changes, String message,
      String source) {}

  /** The name an import gives its image ({@code repo[:tag]}, tag latest), or null. */
  static Reference reference(Request request) {
    if (request.repo() == null || request.repo().isEmpty()) {
      return null;
    }
    Reference ref = Reference.parse(request.repo());
    if (request.tag() != null && !request.tag().isEmpty()) {
      ref = Reference.parse(ref.name() + ":" + request.tag());
    }
    return ref.withDefaultTag();
  }

  /** Imports {@code rootfs}; returns the new image ID. */
  public Digest importImage(InputStream rootfs, Request request) {
    Reference ref = reference(request);
    ImageConfig.RunConfig run = Changes.apply(ImageConfig.RunConfig.empty(),
        request.changes() == null ? List.of() : request.changes());
    String mediaType;
    BlobInfo blob;
    InputStream in = new BufferedInputStream(rootfs, 64 * 1024);
    try (BlobWriter w = content.writer("import-" + UUID.randomUUID(), -1, null)) {
      mediaType = Compression.layerMediaType(Compression.detect(in));
      in.transferTo(w);
      blob = w.commit();
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("read import body: " + Compression.reason(e), e);
    }
    Unpacker.Unpacked u = unpacker.unpack(blob.digest(), null, null);
    String created = Instant.now().toString();
    String message = request.message() == null || request.message().isEmpty()
        ? "Imported from " + (request.source() == null ? "-" : request.source())
        : request.message();
    ImageConfig config = new ImageConfig(created, null, "amd64", null, "linux", null, run,
        new ImageConfig.RootFs("layers", List.of(u.diffId().toString())),
        List.of(new ImageConfig.History(created, null, null, message, null)), message, null);
    byte[] bytes = OciJson.write(config);
    Digest id = Digest.sha256(bytes);
    if (!content.exists(id)) {
      try (BlobWriter w = content.writer("import-" + id.hex(), bytes.length, id)) {
        w.write(bytes);
        w.commit();
      } catch (IOException e) {
        throw BerthException.internal("store config " + id, e);
      }
    }
    store.put(new ImageRecord(id, List.of(new ImageRecord.Layer(u.diffId(), u.chainId(),
        blob.digest(), mediaType, blob.size(), u.size())), created, null, null, null));
    if (ref != null) {
      tagger.attach(ref, id, m -> { });
    }
    return id;
  }
}
