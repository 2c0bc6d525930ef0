package io.berth.engine;

import java.util.List;

/** A container as inspect and list show it: its record and the ids of its exec instances. */
public record ContainerView(Container container, List<String> execIds) {}
