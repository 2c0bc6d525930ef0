package io.berth.runtime;

/**
 * A process to run in a running container.
 *
 * @param execId the exec instance id
 * @param processJson the OCI {@code process} object as JSON (args, env, cwd, user, caps, terminal)
 * @param terminal allocate a pty
 * @param stdin keep stdin open for attach
 */
public record ExecRequest(String execId, String processJson, boolean terminal, boolean stdin) {}
