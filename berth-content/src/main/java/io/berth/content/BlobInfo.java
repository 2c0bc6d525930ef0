package io.berth.content;

import io.berth.common.Digest;

/** A committed blob. */
public record BlobInfo(Digest digest, long size) {}
