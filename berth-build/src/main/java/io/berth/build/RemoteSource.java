package io.berth.build;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code ADD <http(s) url>} as moby's classic builder downloads it ({@code
 * builder/dockerfile/copy.go} {@code downloadSource}): the file is named after the URL's last
 * path element, gets mode 0600 and the {@code Last-Modified} time when the server sends one,
 * and is never unpacked. Redirects are followed; a status other than 2xx fails the step.
 */
final class RemoteSource {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

  private RemoteSource() {}

  /** Downloads {@code url} into a new directory under {@code scratch}; the file. */
  static Path download(String url, Path scratch) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid URL " + url + ": " + Messages.of(e));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      throw BerthException.invalid("cannot determine filename from url: " + url);
    }
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "add-");
      Path file = dir.resolve(name);
      HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() / 100 != 2) {
          throw BerthException.invalid("ADD failed: failed to GET " + url + " with status "
              + r.statusCode()
              + ": " + new String(in.readNBytes(512), java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setAttribute(file, "unix:mode", 0600);
      r.headers().firstValue("Last-Modified").ifPresent(lm -> {
        try {
          Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.parse(lm,
              DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (IOException | RuntimeException e) {
          // an unreadable date: the download's own time stays
        }
      });
      return file;
    } catch (IOException e) {
      throw BerthException.invalid("failed to GET " + url + ": " + Messages.of(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BerthException.invalid("download of " + url + " interrupted");
    }
  }
}
