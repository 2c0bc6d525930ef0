package io.berth.image;

import java.util.List;

/** The image half of {@code /system/df}: unique layer bytes and per-image sizes. */
public record DiskUsage(long layersSize, List<Entry> images) {
  /** One image: {@code sharedSize} counts its layers that other images use too. */
  public record Entry(ImageView image, long sharedSize) {}
}
