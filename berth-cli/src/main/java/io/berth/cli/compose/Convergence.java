package io.berth.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a project's containers to what the file says, as {@code docker compose up} does, one
 * service at a time in dependency order: networks and volumes first, then images (built or
 * pulled when missing), then per service its replicas — a container whose config hash or image
 * changed is recreated, a stopped one started, a running unchanged one left alone, extra
 * replicas removed. Before a service starts, its {@code depends_on} conditions are awaited.
 */
final class Convergence {
  record Options(boolean forceRecreate, boolean noRecreate, boolean build, boolean noBuild,
      Map<String, Integer> scale, boolean removeOrphans, boolean noStart, Integer timeout,
      boolean quietPull) {}

  private final Session s;
  private final Project p;
  private final Options o;

  Convergence(Session s, Options o) {
    this.s = s;
    this.p = s.project();
    this.o = o;
  }

  /** Converges {@code services} (already in dependency order); returns their container ids. */
  List<String> up(List<String> services) {
    Resources.ensureNetworks(s, p, services);
    Resources.ensureVolumes(s, p, services);
    images(services);
    orphans();
    List<String> ids = new ArrayList<>();
    for (String service : services) {
      if (!o.noStart()) {
        Dependencies.await(s, p, service, Set.copyOf(services));
      }
      ids.addAll(service(service));
    }
    return ids;
  }

  private void images(List<String> services) {
    for (String service : services) {
      var def = p.service(service);
      String image = p.image(service);
      String policy = def.path("pull_policy").asText("missing");
      boolean present = s.engine.imageId(image) != null;
      if (def.has("build") && !o.noBuild() && (o.build() || !present || policy.equals("build"))) {
        Builds.build(s, p, service, false, false, false);
      } else if (!present && policy.equals("never")) {
        throw new CliException("image " + image + " not found and pull_policy is never");
      } else if (!present || policy.equals("always")) {
        if (def.has("build") && o.noBuild()) {
          throw new CliException("image " + image + " not found and --no-build given");
        }
        s.engine.pull(image);
        s.progress("Image", image, "Pulled");
      }
    }
  }

  private void orphans() {
    Set<String> known = p.allServices().keySet();
    for (JsonNode c : s.engine.containers(p.name(), true)) {
      if (!known.contains(Engine.label(c, Labels.SERVICE))) {
        if (o.removeOrphans()) {
          String id = c.path("Id").asText();
          s.engine.stop(id, o.timeout());
          s.engine.remove(id, false, true);
          s.progress("Container", Engine.name(c), "Removed");
        } else {
          s.err.println("WARN[0000] Found orphan containers ([" + Engine.name(c) + "]) for this"
              + " project. If you removed or renamed this service in your compose file, you"
              + " can run this command with the --remove-orphans flag to clean it up.");
        }
      }
    }
  }

  /** One service's replicas; returns the ids of its containers. */
  List<String> service(String service) {
    int want = o.scale().getOrDefault(service, p.replicas(service));
    var def = p.service(service);
    if (def.has("container_name") && want > 1) {
      throw new CliException("services.scale: can't set container_name and " + service
          + " as container name must be unique: invalid compose project");
    }
    String hash = ConfigHash.of(def);
    String imageId = s.engine.imageId(p.image(service));
    List<JsonNode> existing = s.containers(List.of(service), true);
    List<String> ids = new ArrayList<>();
    boolean[] taken = new boolean[want + 1];
    for (JsonNode c : existing) {
      int n = Engine.number(c);
      String id = c.path("Id").asText();
      String name = Engine.name(c);
      if (n < 1 || n > want || taken[n]) {
        s.engine.stop(id, o.timeout());
        s.engine.remove(id, false, true);
        s.progress("Container", name, "Removed");
        continue;
      }
      taken[n] = true;
      boolean changed = !hash.equals(Engine.label(c, Labels.CONFIG_HASH))
          || imageId != null && !imageId.equals(c.path("ImageID").asText(imageId));
      if (!o.noRecreate() && (changed || o.forceRecreate())) {
        s.progress("Container", name, "Recreate");
        s.engine.stop(id, o.timeout());
        s.engine.remove(id, false, true);
        ids.add(create(service, n, imageId, true));
      } else if (!c.path("State").asText().equals("running") && !o.noStart()) {
        s.engine.start(id);
        s.progress("Container", name, "Started");
        ids.add(id);
      } else {
        s.progress("Container", name, "Running");
        ids.add(id);
      }
    }
    for (int n = 1; n <= want; n++) {
      if (!taken[n]) {
        ids.add(create(service, n, imageId, false));
      }
    }
    return ids;
  }

  private String create(String service, int number, String imageId, boolean recreated) {
    var def = p.service(service);
    String name = def.has("container_name") ? def.get("container_name").asText()
        : p.name() + "-" + service + "-" + number;
    ContainerSpec.Spec spec = ContainerSpec.of(p, service, number, name, imageId,
        ContainerSpec.Overrides.NONE, this::containerOf);
    String id = s.engine.create(spec);
    s.progress("Container", name, recreated ? "Recreated" : "Created");
    if (!o.noStart()) {
      s.engine.start(id);
      s.progress("Container", name, "Started");
    }
    return id;
  }

  /** The first container of {@code service}, for {@code network_mode: service:x}. */
  String containerOf(String service) {
    for (JsonNode c : s.containers(List.of(service), false)) {
      return c.path("Id").asText();
    }
    throw new CliException("service " + service + " has no running container to share a"
        + " network namespace with");
  }
}
