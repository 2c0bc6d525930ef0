package io.berth.api.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches a method and decoded path against routes, in the order they were added. */
public final class Router {
  private final List<Route> routes = new ArrayList<>();
  private final List<List<String>> compiled = new ArrayList<>();
  private volatile java.util.concurrent.Future<Router> rest;

  public Router add(Route route) {
    routes.add(route);
    compiled.add(route.segments());
    return this;
  }

  public Router addAll(List<Route> list) {
    list.forEach(this::add);
    return this;
  }

  /**
   * A starting daemon's router (ADR 0141): requests that none of these routes match wait for
   * {@code rest}, the routes of the services still starting, and once it is there every request
   * goes to it. When it fails, only these routes answer (the daemon is ending).
   */
  public Router then(java.util.concurrent.Future<Router> rest) {
    this.rest = rest;
    return this;
  }

  /** The matching route with its path parameters, or null. */
  public Match match(String method, String path) {
    java.util.concurrent.Future<Router> r = rest;
    if (r == null) {
      return own(method, path);
    }
    if (r.state() == java.util.concurrent.Future.State.SUCCESS) {
      return r.resultNow().match(method, path);
    }
    Match m = own(method, path);
    if (m != null) {
      return m;
    }
    try {
      return r.get().match(method, path);
    } catch (java.util.concurrent.ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Match own(String method, String path) {
    List<String> parts = split(path);
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (!r.method().equals(method)) {
        continue;
      }
      Map<String, String> params = new HashMap<>();
      if (matches(compiled.get(i), 0, parts, 0, params)) {
        return new Match(r, params);
      }
    }
    return null;
  }

  private static boolean matches(List<String> pat, int pi, List<String> parts, int si,
      Map<String, String> params) {
    if (pi == pat.size()) {
      return si == parts.size();
    }
    String seg = pat.get(pi);
    if (seg.startsWith("{") && seg.endsWith("*}")) {
      String name = seg.substring(1, seg.length() - 2);
      for (int end = parts.size(); end > si; end--) {
        if (matches(pat, pi + 1, parts, end, params)) {
          params.put(name, String.join("/", parts.subList(si, end)));
          return true;
        }
      }
      return false;
    }
    if (si == parts.size()) {
      return false;
    }
    if (seg.startsWith("{") && seg.endsWith("}")) {
      if (parts.get(si).isEmpty()) {
        return false;
      }
      params.put(seg.substring(1, seg.length() - 1), parts.get(si));
      return matches(pat, pi + 1, parts, si + 1, params);
    }
    return seg.equals(parts.get(si)) && matches(pat, pi + 1, parts, si + 1, params);
  }

  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return out;
    }
    for (String s : p.split("/", -1)) {
      out.add(s);
    }
    return out;
  }

  /** A matched route and its path parameters. */
  public record Match(Route route, Map<String, String> params) {}
}
