package io.berth.image;

import java.util.List;

/**
 * One line of {@code docker history}, newest first: {@code id} is {@code <missing>} for steps
 * that are not an image of their own; {@code created} in unix seconds.
 */
public record HistoryEntry(String id, long created, String createdBy, List<String> tags,
    long size, String comment) {}
