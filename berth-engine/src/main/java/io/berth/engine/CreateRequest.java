package io.berth.engine;

/**
 * {@code POST /containers/create}: the optional name, the client's {@code Config} (with
 * {@code Image}) and {@code HostConfig}.
 */
public record CreateRequest(String name, ContainerConfig config, HostConfig hostConfig) {}
