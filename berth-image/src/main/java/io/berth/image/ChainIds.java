package io.berth.image;

import io.berth.common.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain IDs as the OCI image spec defines them: {@code chainID(1) = diffID(1)},
 * {@code chainID(n) = sha256(chainID(n-1) + " " + diffID(n))}. A chain ID names a layer
 * together with everything below it, so it keys the committed snapshot.
 */
public final class ChainIds {
  private ChainIds() {}

  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> out = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous = previous == null ? diffId : next(previous, diffId);
      out.add(previous);
    }
    return out;
  }

  public static Digest next(Digest parentChain, Digest diffId) {
    return parentChain == null ? diffId
        : Digest.sha256((parentChain + " " + diffId).getBytes(StandardCharsets.UTF_8));
  }
}
