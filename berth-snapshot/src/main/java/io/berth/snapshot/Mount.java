package io.berth.snapshot;

import java.util.List;

/** One mount, as the OCI runtime spec and containerd describe it ({@code type}, {@code source}, {@code options}). */
public record Mount(String type, String source, List<String> options) {}
