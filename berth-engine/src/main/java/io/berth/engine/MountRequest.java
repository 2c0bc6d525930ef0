package io.berth.engine;

import java.util.Map;

/**
 * A mount as the user asked for it ({@code -v} or {@code --mount}), before volumes are
 * created: {@link MountPlanner} turns it into a {@link MountPoint}.
 *
 * @param source a host path (bind), a volume name (empty for an anonymous volume), or empty
 * @param volumeOptions the driver's options for a volume created by this mount
 * @param volumeLabels labels for a volume created by this mount
 */
record MountRequest(String type, String source, String destination, boolean rw, String mode,
    String propagation, boolean noCopy, boolean createSource, String driver,
    Map<String, String> volumeOptions, Map<String, String> volumeLabels, String tmpfsOptions,
    boolean nonRecursive) {}
