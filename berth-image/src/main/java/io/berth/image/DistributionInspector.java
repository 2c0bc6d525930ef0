package io.berth.image;

import io.berth.distribution.AuthConfig;
import io.berth.distribution.ManifestEndpoint;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistrySession;
import io.berth.oci.Descriptor;
import io.berth.oci.ImageConfig;
import io.berth.oci.ImageIndex;
import io.berth.oci.ImageManifest;
import io.berth.oci.MediaTypes;
import io.berth.oci.OciJson;
import io.berth.oci.Platform;
import java.util.ArrayList;
import java.util.List;

/** {@code docker manifest inspect}'s daemon side: what a name points to in its registry. */
public final class DistributionInspector {
  private final RegistryClient registry;

  DistributionInspector(RegistryClient registry) {
    this.registry = registry;
  }

  /** The top descriptor and the platforms it offers. */
  public record Result(Descriptor descriptor, List<Platform> platforms) {}

  Result inspect(Reference ref, AuthConfig auth) {
    Reference r = ref.withDefaultTag();
    List<RegistrySession> sessions = registry.pullSessions(r.domain(), r.path(), auth);
    RegistrySession s = sessions.getLast();
    ManifestEndpoint m = new ManifestEndpoint(s);
    ManifestEndpoint.Fetched top = m.get(r.digest() != null ? r.digest() : r.tag());
    Descriptor d = Descriptor.of(top.mediaType(), top.digest().toString(), top.bytes().length);
    List<Platform> platforms = new ArrayList<>();
    if (MediaTypes.isIndex(top.mediaType())) {
      for (Descriptor e : OciJson.read(top.bytes(), ImageIndex.class, "index").manifests()) {
        if (e.platform() != null) {
          platforms.add(e.platform());
        }
      }
    } else {
      ImageManifest man = OciJson.read(top.bytes(), ImageManifest.class, "manifest");
      ImageConfig c = ImageConfig.parse(new io.berth.distribution.BlobEndpoint(s)
          .openBytes(io.berth.common.Digest.parse(man.config().digest())));
      platforms.add(Platform.of(c.os(), c.architecture()));
    }
    return new Result(d, platforms);
  }
}
