package io.berth.cri;

import io.berth.common.BerthException;
import io.berth.cri.api.FilesystemIdentifier;
import io.berth.cri.api.FilesystemUsage;
import io.berth.cri.api.Image;
import io.berth.cri.api.ImageFsInfoRequest;
import io.berth.cri.api.ImageFsInfoResponse;
import io.berth.cri.api.ImageServiceGrpc;
import io.berth.cri.api.ImageSpec;
import io.berth.cri.api.ImageStatusRequest;
import io.berth.cri.api.ImageStatusResponse;
import io.berth.cri.api.Int64Value;
import io.berth.cri.api.ListImagesRequest;
import io.berth.cri.api.ListImagesResponse;
import io.berth.cri.api.PullImageRequest;
import io.berth.cri.api.PullImageResponse;
import io.berth.cri.api.RemoveImageRequest;
import io.berth.cri.api.RemoveImageResponse;
import io.berth.distribution.AuthConfig;
import io.berth.image.ImageService;
import io.berth.image.ImageView;
import io.berth.image.Puller;
import io.berth.image.Reference;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CRI's ImageService on berth's image store: the same images the Docker API sees, named in
 * the normalised form ({@code docker.io/library/busybox:latest}) that kubelet compares.
 */
public final class ImageApi extends ImageServiceGrpc.ImageServiceImplBase {
  private final ImageService images;
  private final Path imageFs;

  /** @param imageFs the directory whose file system holds the image layers (for ImageFsInfo) */
  public ImageApi(ImageService images, Path imageFs) {
    this.images = images;
    this.imageFs = imageFs;
  }

  @Override
  public void listImages(ListImagesRequest req, StreamObserver<ListImagesResponse> out) {
    Calls.unary("ListImages", out, () -> {
      String only = req.hasFilter() && req.getFilter().hasImage()
          ? req.getFilter().getImage().getImage() : "";
      ListImagesResponse.Builder b = ListImagesResponse.newBuilder();
      if (!only.isEmpty()) {
        ImageView v = find(only);
        if (v != null) {
          b.addImages(toImage(v));
        }
        return b.build();
      }
      for (ImageView v : images.list(false, Map.of())) {
        b.addImages(toImage(v));
      }
      return b.build();
    });
  }

  @Override
  public void imageStatus(ImageStatusRequest req, StreamObserver<ImageStatusResponse> out) {
    Calls.unary("ImageStatus", out, () -> {
      ImageView v = find(req.getImage().getImage());
      return v == null ? ImageStatusResponse.getDefaultInstance()
          : ImageStatusResponse.newBuilder().setImage(toImage(v)).build();
    });
  }

  @Override
  public void pullImage(PullImageRequest req, StreamObserver<PullImageResponse> out) {
    Calls.unary("PullImage", out, () -> {
      String name = req.getImage().getImage();
      if (name.isEmpty()) {
        throw BerthException.invalid("image name is empty");
      }
      AuthConfig auth = AuthConfig.ANONYMOUS;
      if (req.hasAuth()) {
        var a = req.getAuth();
        auth = new AuthConfig(blank(a.getUsername()), blank(a.getPassword()),
            blank(a.getAuth()), blank(a.getServerAddress()), blank(a.getIdentityToken()),
            blank(a.getRegistryToken()));
      }
      var id = images.pull(new Puller.Request(Reference.parse(name), auth, null),
          (i, status, current, total) -> { });
      return PullImageResponse.newBuilder().setImageRef(id.toString()).build();
    });
  }

  @Override
  public void removeImage(RemoveImageRequest req, StreamObserver<RemoveImageResponse> out) {
    Calls.unary("RemoveImage", out, () -> {
      ImageView v = find(req.getImage().getImage());
      if (v != null) {
        // by ID, with every name: the CRI removes an image, not one of its tags
        images.remove(v.record().id().toString(), true, false);
      }
      return RemoveImageResponse.getDefaultInstance();
    });
  }

  @Override
  public void imageFsInfo(ImageFsInfoRequest req, StreamObserver<ImageFsInfoResponse> out) {
    Calls.unary("ImageFsInfo", out, () -> {
      long used = 0;
      for (ImageView v : images.list(false, Map.of())) {
        used += v.record().size();
      }
      FilesystemUsage usage = FilesystemUsage.newBuilder()
          .setTimestamp(System.currentTimeMillis() * 1_000_000L)
          .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(imageFs.toString()))
          .setUsedBytes(io.berth.cri.api.UInt64Value.newBuilder().setValue(used))
          .build();
      return ImageFsInfoResponse.newBuilder().addImageFilesystems(usage).build();
    });
  }

  /**
   * {@code ref}, pulled first when the store lacks it: the configured sandbox image, which
   * kubelet never pulls itself (containerd pulls it the same way).
   */
  String ensure(String ref) {
    if (find(ref) == null) {
      images.pull(new Puller.Request(Reference.parse(ref), AuthConfig.ANONYMOUS, null),
          (i, status, current, total) -> { });
    }
    return ref;
  }

  /** The image a CRI image reference (name, name@digest or ID) names, or null. */
  ImageView find(String ref) {
    if (ref == null || ref.isEmpty()) {
      return null;
    }
    try {
      return images.inspect(ref);
    } catch (BerthException.NotFound | BerthException.InvalidArgument e) {
      return null;
    }
  }

  static Image toImage(ImageView v) {
    Image.Builder b = Image.newBuilder()
        .setId(v.record().id().toString())
        .setSize(v.record().size())
        .setSpec(ImageSpec.newBuilder().setImage(v.record().id().toString()));
    v.repoTags().forEach(t -> b.addRepoTags(full(t)));
    v.repoDigests().forEach(d -> b.addRepoDigests(full(d)));
    String user = v.config() == null || v.config().config() == null
        ? null : v.config().config().user();
    if (user != null && !user.isEmpty()) {
      String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
      if (name.chars().allMatch(Character::isDigit)) {
        b.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
      } else {
        b.setUsername(name);
      }
    }
    return b.build();
  }

  private static String full(String familiar) {
    try {
      return Reference.parse(familiar).toString();
    } catch (RuntimeException e) {
      return familiar;
    }
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  static List<String> names(ImageView v) {
    return v.repoTags().stream().map(ImageApi::full).toList();
  }
}
