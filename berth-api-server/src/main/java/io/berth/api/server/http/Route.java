package io.berth.api.server.http;

import java.util.List;

/**
 * A route as data: method, path pattern and handler. Pattern segments are literals,
 * {@code {name}} (one segment) or {@code {name*}} (one or more, for image names with slashes
 * such as {@code /images/{name*}/json}).
 */
public record Route(String method, String pattern, Handler handler) {
  public static Route get(String pattern, Handler h) {
    return new Route("GET", pattern, h);
  }

  public static Route head(String pattern, Handler h) {
    return new Route("HEAD", pattern, h);
  }

  public static Route post(String pattern, Handler h) {
    return new Route("POST", pattern, h);
  }

  public static Route put(String pattern, Handler h) {
    return new Route("PUT", pattern, h);
  }

  public static Route delete(String pattern, Handler h) {
    return new Route("DELETE", pattern, h);
  }

  List<String> segments() {
    return Router.split(pattern);
  }
}
