package io.berth.engine;

/** The answer of {@code POST /containers/{id}/wait}: exit code and an error message or null. */
public record WaitResult(int statusCode, String error) {}
