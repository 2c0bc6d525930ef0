package io.berth.cli.compose;

/** The labels Compose v2 writes on what it creates (compose {@code pkg/api/labels.go}). */
final class Labels {
  private Labels() {}

  static final String PROJECT = "com.docker.compose.project";
  static final String SERVICE = "com.docker.compose.service";
  static final String NUMBER = "com.docker.compose.container-number";
  static final String ONEOFF = "com.docker.compose.oneoff";
  static final String CONFIG_HASH = "com.docker.compose.config-hash";
  static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  static final String ENV_FILE = "com.docker.compose.project.environment_file";
  static final String VERSION = "com.docker.compose.version";
  static final String DEPENDS_ON = "com.docker.compose.depends_on";
  static final String IMAGE = "com.docker.compose.image";
  static final String NETWORK = "com.docker.compose.network";
  static final String VOLUME = "com.docker.compose.volume";
  static final String REPLACE = "com.docker.compose.replace";

  /**
   * The Compose version berth compose behaves as, and writes in {@link #VERSION}: the
   * Compose v2 release whose labels, names and output it follows.
   */
  static final String COMPOSE_VERSION = "2.29.7";
}
