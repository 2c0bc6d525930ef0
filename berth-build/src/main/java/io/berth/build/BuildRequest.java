package io.berth.build;

import java.util.List;
import java.util.Map;

/**
 * The options of {@code POST /build} (and {@code berth build}).
 *
 * @param dockerfile the Dockerfile's path inside the context (default {@code Dockerfile})
 * @param tags names for the result, as given ({@code t}, repeated)
 * @param buildArgs {@code --build-arg}s; a null value means "take it from nowhere" (unset)
 * @param labels labels added to the final image
 * @param target the stage to stop at, or null for the last
 * @param rm remove intermediate containers after a successful step (Docker's default)
 * @param forceRm remove them always; berth removes a failed step's container when either is set
 * @param networkMode the RUN containers' network, or null for the default
 * @param extraHosts {@code host:ip} lines for the RUN containers' /etc/hosts
 * @param cacheFrom images whose steps may be reused (berth's cache is already content-keyed)
 * @param explainCache say in the output why each step missed the cache (berth's own option)
 * @param limits resource limits for the RUN containers, as HostConfig fields by wire name
 * @param registryAuths {@code X-Registry-Config}: registry → auth config JSON, for pulls
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs,
    Map<String, String> labels, String target, boolean noCache, boolean pull, boolean rm,
    boolean forceRm, String networkMode, List<String> extraHosts, String platform, boolean quiet,
    List<String> cacheFrom, boolean explainCache, Map<String, Object> limits,
    Map<String, String> registryAuths) {

  public BuildRequest {
    dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
    tags = tags == null ? List.of() : List.copyOf(tags);
    buildArgs = buildArgs == null ? Map.of() : new java.util.LinkedHashMap<>(buildArgs);
    labels = labels == null ? Map.of() : new java.util.TreeMap<>(labels);
    target = target == null || target.isEmpty() ? null : target;
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
    limits = limits == null ? Map.of() : new java.util.LinkedHashMap<>(limits);
    registryAuths = registryAuths == null ? Map.of() : Map.copyOf(registryAuths);
  }
}
