package io.berth.oci;

/** Media types of the OCI image spec and Docker's image manifest schema 2. */
public final class MediaTypes {
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_FOREIGN_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  private MediaTypes() {}

  /** True for a manifest list or an OCI index. */
  public static boolean isIndex(String mediaType) {
    return DOCKER_MANIFEST_LIST.equals(mediaType) || OCI_INDEX.equals(mediaType);
  }

  /** True for a single-platform manifest, Docker or OCI. */
  public static boolean isManifest(String mediaType) {
    return DOCKER_MANIFEST.equals(mediaType) || OCI_MANIFEST.equals(mediaType);
  }

  /** True for a layer compressed with gzip. */
  public static boolean isGzipLayer(String mediaType) {
    return DOCKER_LAYER_GZIP.equals(mediaType) || OCI_LAYER_GZIP.equals(mediaType)
        || DOCKER_FOREIGN_LAYER_GZIP.equals(mediaType);
  }

  /** True for a layer compressed with zstd. */
  public static boolean isZstdLayer(String mediaType) {
    return OCI_LAYER_ZSTD.equals(mediaType);
  }
}
