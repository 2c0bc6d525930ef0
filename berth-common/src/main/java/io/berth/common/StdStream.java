package io.berth.common;

/**
 * Which of a process's output streams a chunk came from; TTY output is STDOUT. Shared by the
 * runtime (attach socket, log files), the engine (attach, exec, logs sinks) and both ends of the
 * Docker stream framing, so none of them has to import another's type for it.
 */
public enum StdStream { STDOUT, STDERR }
