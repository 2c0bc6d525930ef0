package io.berth.engine;

/**
 * Everything the container routes use, as moby's {@code backend.go} composes its small
 * interfaces: a route family takes the one it needs ({@link ContainerLifecycle},
 * {@link ContainerRecords}, {@link ContainerMonitoring}, {@link ContainerStreams},
 * {@link ContainerFiles}); the container routes, which use all, take this.
 * {@link ContainerService} implements it.
 */
public interface ContainerBackend extends ContainerLifecycle, ContainerRecords,
    ContainerMonitoring, ContainerStreams, ContainerFiles {}
