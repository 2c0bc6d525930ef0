package io.berth.image.fake;

import io.berth.common.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds layer tars and docker-save archives in memory for tests. */
public final class TestImages {
  private TestImages() {}

  /** A test image: layers (tar bytes, maybe gzipped) and the config naming their diff IDs. */
  public record Image(List<byte[]> layerBlobs, byte[] config, List<String> repoTags) {
    public Digest id() {
      return Digest.sha256(config);
    }
  }

  /** A tar holding {@code files} (name to content). */
  public static byte[] tar(Map<String, String> files) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
      for (var f : files.entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  /** An image of uncompressed {@code layers}, with a config like docker build writes. */
  public static Image image(List<byte[]> layers, String cmd, List<String> repoTags) {
    return image(layers, layers, cmd, repoTags);
  }

  /** {@code blobs} as stored in the archive, {@code tars} their uncompressed contents. */
  public static Image image(List<byte[]> blobs, List<byte[]> tars, String cmd,
      List<String> repoTags) {
    StringBuilder diffIds = new StringBuilder();
    StringBuilder history = new StringBuilder();
    for (byte[] t : tars) {
      diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(Digest.sha256(t))
          .append('"');
      history.append(history.isEmpty() ? "" : ",")
          .append("{\"created\":\"2024-01-02T03:04:05.123456789Z\",\"created_by\":\"ADD x\"}");
    }
    history.append(",{\"created\":\"2024-01-02T03:04:06Z\",\"created_by\":\"CMD [\\\"")
        .append(cmd).append("\\\"]\",\"empty_layer\":true}");
    String config = "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"" + cmd + "\"],"
        + "\"Labels\":{\"app\":\"" + cmd + "\"},\"Unknown\":true},"
        + "\"created\":\"2024-01-02T03:04:06Z\",\"history\":[" + history + "],\"os\":\"linux\","
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},\"extra\":{\"kept\":1}}";
    return new Image(blobs, config.getBytes(StandardCharsets.UTF_8), repoTags);
  }

  /** The classic docker save layout: {@code <hex>.json}, {@code <n>/layer.tar}, manifest.json. */
  public static byte[] dockerSave(List<Image> images) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    StringBuilder manifest = new StringBuilder("[");
    for (Image img : images) {
      String configName = img.id().hex() + ".json";
      files.put(configName, img.config());
      List<String> layerNames = new ArrayList<>();
      for (byte[] blob : img.layerBlobs()) {
        String name = Digest.sha256(blob).hex() + "/layer.tar";
        files.put(name, blob);
        layerNames.add('"' + name + '"');
      }
      manifest.append(manifest.length() > 1 ? "," : "").append("{\"Config\":\"")
          .append(configName).append("\",\"RepoTags\":")
          .append(img.repoTags().isEmpty() ? "null" : img.repoTags().stream()
              .map(t -> '"' + t + '"').toList().toString().replace(" ", ""))
          .append(",\"Layers\":[").append(String.join(",", layerNames)).append("]}");
    }
    files.put("manifest.json", manifest.append("]").toString().getBytes(StandardCharsets.UTF_8));
    return rawTar(files);
  }

  /** A tar of raw entries (names are not checked, so tests can make hostile ones). */
  public static byte[] rawTar(Map<String, byte[]> files) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }
}
