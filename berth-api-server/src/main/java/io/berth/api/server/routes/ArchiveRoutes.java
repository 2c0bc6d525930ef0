package io.berth.api.server.routes;

import io.berth.api.model.Json;
import io.berth.api.server.http.Exchange;
import io.berth.api.server.http.Route;
import io.berth.common.BerthException;
import io.berth.engine.ContainerFiles;
import io.berth.engine.PathStat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code HEAD/GET/PUT /containers/{id}/archive} ({@code docker cp}): the path's stat travels
 * in {@code X-Docker-Container-Path-Stat}, base64 of {@code {name,size,mode,mtime,linkTarget}}.
 */
public final class ArchiveRoutes {
  private static final String STAT = "X-Docker-Container-Path-Stat";

  private ArchiveRoutes() {}

  public static List<Route> routes(ContainerFiles svc) {
    return List.of(
        Route.head("/containers/{id}/archive", ex -> {
          ex.header(STAT, header(svc.statPath(ex.param("id"), path(ex))));
          ex.empty(200);
        }),
        Route.get("/containers/{id}/archive", ex -> {
          String path = path(ex);
          OutputStream[] out = new OutputStream[1];
          try {
            svc.archive(ex.param("id"), path, st -> {
              ex.header(STAT, header(st));
              out[0] = ex.stream(200, "application/x-tar");
              return out[0];
            });
          } finally {
            if (out[0] != null) {
              out[0].close();
            }
          }
        }),
        Route.put("/containers/{id}/archive", ex -> {
          svc.extract(ex.param("id"), path(ex), ex.request().body(),
              ex.queryBool("noOverwriteDirNonDir", false), ex.queryBool("copyUIDGID", false));
          ex.empty(200);
        }));
  }

  private static String path(Exchange ex) {
    String p = ex.query("path");
    if (p == null || p.isEmpty()) {
      throw BerthException.invalid("path cannot be empty");
    }
    if (p.indexOf('\0') >= 0) {
      // the kernel's answer to a path with a NUL in it; dockerd sends it as a 500 with its
      // own host path in the text, berth as the client's mistake
      throw BerthException.invalid("lstat " + p + ": invalid argument");
    }
    return p;
  }

  static String header(PathStat st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", st.name());
    m.put("size", st.size());
    m.put("mode", st.mode());
    m.put("mtime", st.mtime());
    m.put("linkTarget", st.linkTarget());
    try {
      return Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
