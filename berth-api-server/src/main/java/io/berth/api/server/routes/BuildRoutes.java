package io.berth.api.server.routes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import io.berth.api.server.http.ErrorStatus;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.build.BuildOutput;
import io.berth.build.BuildRequest;
import io.berth.build.ClassicBuilder;
import io.berth.build.StepFailedException;
import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build}, the classic builder ({@code version=1}; BuildKit's {@code /session} and
 * {@code /grpc} stay 404). The answer is a JSON stream whose headers go out with the first
 * message, so an error before any output (a bad Dockerfile, an unknown target) is an ordinary
 * error response, and a later one an in-band {@code errorDetail} — with {@code code} for a
 * failing RUN, which the docker CLI makes its exit status.
 */
public final class BuildRoutes {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private BuildRoutes() {}

  public static List<Route> routes(ClassicBuilder builder) {
    return List.of(
        Route.post("/build", ex -> build(builder, ex)),
        Route.post("/build/prune", ex -> ex.json(200, Map.of("CachesDeleted", List.of(),
            "SpaceReclaimed", 0))));
  }

  private static void build(ClassicBuilder builder, Exchange ex) throws IOException {
    String version = ex.query("version");
    if (version != null && !version.isEmpty() && !version.equals("1")) {
      throw BerthException.invalid("BuildKit (builder version " + version + ") is not supported"
          + " by berth: use the classic builder (DOCKER_BUILDKIT=0)");
    }
    String remote = ex.query("remote");
    if (remote != null && !remote.isEmpty()) {
      throw BerthException.invalid("building from a remote context is not supported by berth");
    }
    boolean quiet = ex.queryBool("q", false);
    BuildRequest req = new BuildRequest(ex.query("dockerfile"), ex.request().queryAll("t"),
        json(ex.query("buildargs"), STRING_MAP), json(ex.query("labels"), STRING_MAP),
        ex.query("target"), ex.queryBool("nocache", false), ex.queryBool("pull", false),
        ex.queryBool("rm", true), ex.queryBool("forcerm", false), ex.query("networkmode"),
        hosts(ex.request().queryAll("extrahosts")), ex.query("platform"), quiet,
        json(ex.query("cachefrom"), STRINGS), ex.queryBool("explaincache", false), limits(ex),
        registryConfig(ex.request().headers().first("X-Registry-Config")));
    Stream stream = new Stream(ex);
    BuildOutput out = new BuildOutput() {
      @Override
      public void stream(String text) {
        if (!quiet) {
          stream.send(Map.of("stream", text));
        }
      }

      @Override
      public void aux(Digest id) {
        stream.send(Map.of("aux", Map.of("ID", id.toString())));
        if (quiet) {
          stream.send(Map.of("stream", id + "\n"));
        }
      }
    };
    try {
      builder.build(req, ex.request().body(), out);
    } catch (StepFailedException e) {
      stream.error(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      if (!stream.started()) {
        throw e;
      }
      stream.error(0, ErrorStatus.message(e));
    }
    stream.finish();
  }

  private static <T> T json(String text, TypeReference<T> type) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(text, type);
    } catch (IOException e) {
      throw BerthException.invalid("invalid JSON in build options: "
          + io.berth.oci.JsonErrors.describe(e, "BuildOptions"));
    }
  }

  /**
   * {@code X-Registry-Config}: base64 (URL-safe or standard) JSON of registry → auth config,
   * kept as JSON per registry for the pull of a base image.
   */
  private static Map<String, String> registryConfig(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return out;
    }
    String s = header.trim().replace('-', '+').replace('_', '/');
    while (s.length() % 4 != 0) {
      s += "=";
    }
    try {
      JsonNode all = Json.MAPPER.readTree(java.util.Base64.getDecoder().decode(s));
      if (all != null && all.isObject()) {
        all.properties().forEach(e -> out.put(e.getKey(), e.getValue().toString()));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw BerthException.invalid("invalid X-Registry-Config header: "
          + io.berth.oci.JsonErrors.describe(e, "AuthConfigs"));
    }
    return out;
  }

  /** {@code memory}, {@code cpushares}, ...: limits for the RUN containers. */
  private static Map<String, Object> limits(Exchange ex) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> numbers = Map.of("memory", "Memory", "memswap", "MemorySwap",
        "cpushares", "CpuShares", "cpuperiod", "CpuPeriod", "cpuquota", "CpuQuota",
        "shmsize", "ShmSize");
    numbers.forEach((q, field) -> {
      String v = ex.query(q);
      if (v != null && !v.isEmpty()) {
        try {
          long n = Long.parseLong(v);
          if (n != 0) {
            out.put(field, n);
          }
        } catch (NumberFormatException e) {
          throw BerthException.invalid("invalid " + q + ": " + v);
        }
      }
    });
    for (String q : List.of("cpusetcpus", "cpusetmems")) {
      String v = ex.query(q);
      if (v != null && !v.isEmpty()) {
        out.put(q.equals("cpusetcpus") ? "CpusetCpus" : "CpusetMems", v);
      }
    }
    return out;
  }

  /**
   * {@code extrahosts}: {@code host:ip}, repeated (docker-py sends one parameter per host),
   * each also comma or space separated.
   */
  private static List<String> hosts(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String text : values) {
      for (String h : text.split("[,\\s]+")) {
        if (!h.isEmpty()) {
          out.add(h);
        }
      }
    }
    return out;
  }

  /** The JSON message stream, started with its first message. */
  private static final class Stream {
    private final Exchange ex;
    private OutputStream out;

    Stream(Exchange ex) {
      this.ex = ex;
    }

    boolean started() {
      return out != null;
    }

    synchronized void send(Object message) {
      try {
        if (out == null) {
          out = ex.stream(200, "application/json");
        }
        out.write(Json.MAPPER.writeValueAsBytes(message));
        out.write('\r');
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void error(int code, String message) {
      Map<String, Object> detail = new LinkedHashMap<>();
      if (code != 0) {
        detail.put("code", code);
      }
      detail.put("message", message);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("errorDetail", detail);
      m.put("error", message);
      send(m);
    }

    void finish() throws IOException {
      if (out == null) {
        out = ex.stream(200, "application/json");
      }
      out.close();
    }
  }
}
