package io.berth.snapshot;

/** Bytes and inodes used by one snapshot's own directory. */
public record Usage(long size, long inodes) {}
