package io.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.server.http.Route;
import io.berth.api.server.http.Router;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router = new Router()
      .add(Route.get("/images/json", ex -> {}))
      .add(Route.get("/images/{name*}/json", ex -> {}))
      .add(Route.post("/containers/{id}/start", ex -> {}))
      .add(Route.get("/_ping", ex -> {}));

  @Test
  void literalRouteWinsOverGreedyOne() {
    assertThat(router.match("GET", "/images/json").route().pattern()).isEqualTo("/images/json");
  }

  @Test
  void greedyParameterTakesSlashes() {
    Router.Match m = router.match("GET", "/images/127.0.0.1:5055/bb/json");
    assertThat(m.route().pattern()).isEqualTo("/images/{name*}/json");
    assertThat(m.params()).containsEntry("name", "127.0.0.1:5055/bb");
  }

  @Test
  void singleParameterTakesOneSegment() {
    Router.Match m = router.match("POST", "/containers/abc/start");
    assertThat(m.params()).containsEntry("id", "abc");
    assertThat(router.match("POST", "/containers/a/b/start")).isNull();
  }

  @Test
  void methodMustMatch() {
    assertThat(router.match("DELETE", "/_ping")).isNull();
    assertThat(router.match("GET", "/_ping/")).isNotNull();
  }

  @Test
  void unknownPathDoesNotMatch() {
    assertThat(router.match("GET", "/nope")).isNull();
    assertThat(router.match("GET", "/")).isNull();
  }
}
