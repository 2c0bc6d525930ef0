package io.berth.runtime;

/** The OCI runtime's states ({@code runtime-spec/runtime.md}), plus PAUSED as runc reports it. */
public enum TaskStatus { CREATED, RUNNING, PAUSED, STOPPED, UNKNOWN }
