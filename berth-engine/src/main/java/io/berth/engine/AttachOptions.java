package io.berth.engine;

/** {@code POST /containers/{id}/attach} options ({@code logs} replays the log first). */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs,
    boolean stream) {}
