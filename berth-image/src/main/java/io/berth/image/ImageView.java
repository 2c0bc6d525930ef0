package io.berth.image;

import io.berth.oci.ImageConfig;
import java.util.List;

/**
 * An image as list and inspect show it: its record, its parsed config and its names in
 * familiar form ({@code busybox:latest}, {@code busybox@sha256:...}).
 */
public record ImageView(ImageRecord record, ImageConfig config, List<String> repoTags,
    List<String> repoDigests) {

  public ImageView {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
  }
}
