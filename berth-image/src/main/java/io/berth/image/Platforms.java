package io.berth.image;

import io.berth.common.BerthException;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageIndex;
import io.berth.oci.Platform;
import java.util.List;
import java.util.Locale;

/** {@code --platform} parsing and index entry selection, as containerd's {@code platforms}. */
public final class Platforms {
  private Platforms() {}

  /** {@code os/arch[/variant]}, or just {@code arch}; null or empty is this host. */
  public static Platform parse(String text) {
    if (text == null || text.isBlank()) {
      return host();
    }
    String[] p = text.toLowerCase(Locale.ROOT).split("/");
    if (p.length == 1) {
      return p[0].equals("linux") ? host() : Platform.of("linux", arch(p[0]));
    }
    if (p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
      throw BerthException.invalid("\"" + text + "\": unknown operating system or architecture:"
          + " invalid argument");
    }
    String arch = arch(p[1]);
    String variant = p.length == 3 ? p[2] : arch.equals("arm64") ? "v8" : null;
    return new Platform(arch, p[0], null, null, variant);
  }

  /** linux and the JVM's architecture in OCI spelling. */
  public static Platform host() {
    String arch = arch(System.getProperty("os.arch"));
    return new Platform(arch, "linux", null, null, arch.equals("arm64") ? "v8" : null);
  }

  static String arch(String a) {
    return switch (a) {
      case "x86_64", "x86-64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "i386", "i686", "x86" -> "386";
      default -> a;
    };
  }

  /** The index entry for {@code want}; NotFound with Docker's text when there is none. */
  public static Descriptor select(ImageIndex index, Platform want) {
    List<Descriptor> ms = index.manifests() == null ? List.of() : index.manifests();
    for (Descriptor d : ms) {
      Platform p = d.platform();
      if (p != null && want.os().equals(p.os()) && want.architecture().equals(p.architecture())
          && (want.variant() == null || p.variant() == null
              || want.variant().equals(p.variant()))) {
        return d;
      }
    }
    throw BerthException.notFound("no matching manifest for " + format(want)
        + " in the manifest list entries");
  }

  public static String format(Platform p) {
    return p.os() + "/" + p.architecture() + (p.variant() == null || p.architecture()
        .equals("arm64") && "v8".equals(p.variant()) ? "" : "/" + p.variant());
  }
}
