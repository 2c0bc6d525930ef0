package io.berth.engine;

/**
 * An exec instance as {@code GET /exec/{id}/json} shows it.
 *
 * @param exitCode null until the process has exited
 */
public record ExecView(String id, String containerId, ExecConfig config, boolean running,
    Integer exitCode, int pid) {}
