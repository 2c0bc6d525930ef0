package io.berth.image;

import java.util.List;

/** What {@code docker image prune} removed and the layer bytes it freed. */
public record PruneReport(List<ImageRemover.Deleted> deleted, long spaceReclaimed) {}
