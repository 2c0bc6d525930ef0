package io.berth.image;

import io.berth.common.Digest;
import java.util.List;

/**
 * Who uses an image: the container engine answers, so that {@code docker rmi} refuses to pull
 * an image from under a container (moby {@code daemon/images/image_delete.go}).
 */
@FunctionalInterface
public interface ImageUsers {
  /** No container uses anything (the default until the engine is wired). */
  ImageUsers NONE = id -> List.of();

  /** The containers created from image {@code id}, running ones first. */
  List<User> usersOf(Digest id);

  /** One container using an image. */
  record User(String containerId, boolean running) {}
}
