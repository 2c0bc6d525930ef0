package io.berth.engine;

import io.berth.oci.ImageConfig;
import java.util.List;

/**
 * {@code Config.Healthcheck} (moby {@code container.HealthConfig}): the probe command and its
 * timing, durations in nanoseconds. A field the client or the image left out is null, and
 * {@link HealthMonitor} gives it Docker's default; zero also means "the default".
 */
public record HealthConfig(List<String> test, Long interval, Long timeout, Long startPeriod,
    Long startInterval, Integer retries) {

  /** The image's health check ({@code HEALTHCHECK}), or null. */
  public static HealthConfig of(ImageConfig.Healthcheck h) {
    return h == null ? null : new HealthConfig(h.test(), h.interval(), h.timeout(),
        h.startPeriod(), h.startInterval(), h.retries());
  }

  /** The same settings as an image's health check (commit). */
  public ImageConfig.Healthcheck toImage() {
    return new ImageConfig.Healthcheck(test, interval, timeout, startPeriod, startInterval,
        retries);
  }
}
