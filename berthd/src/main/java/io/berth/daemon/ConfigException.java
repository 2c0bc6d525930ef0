package io.berth.daemon;

/** The daemon cannot start with this configuration; the message is shown as is. */
final class ConfigException extends RuntimeException {
  ConfigException(String message) {
    super(message);
  }
}
