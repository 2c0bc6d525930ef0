package io.berth.build;

/**
 * Fetches a FROM image that is not local (or when {@code pull} is set). berthd passes the
 * registry client's pull; without one, the build fails with Docker's pull error.
 */
@FunctionalInterface
public interface ImagePuller {
  /**
   * Pulls {@code ref}, reporting progress lines to {@code out}; {@code auths} are the
   * client's credentials ({@code X-Registry-Config}): registry → auth config JSON.
   */
  void pull(String ref, java.util.Map<String, String> auths, BuildOutput out);
}
