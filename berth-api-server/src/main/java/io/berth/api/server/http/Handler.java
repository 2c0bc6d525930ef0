package io.berth.api.server.http;

/** A route's handler: parse the request, call one service method, write the answer. */
@FunctionalInterface
public interface Handler {
  void handle(Exchange exchange) throws Exception;
}
