package io.berth.cri;

import java.nio.file.Path;

/**
 * How berthd serves the CRI ({@code --cri-socket}, daemon.json {@code cri}).
 *
 * @param socket the unix socket kubelet's {@code --container-runtime-endpoint} names
 * @param sandboxImage the pod sandbox image; null for berth's own pause image, made locally
 * @param cniConfDir CNI network configurations ({@code .conflist}, {@code .conf}); the first
 *     one in name order is the pod network, as kubelet's runtimes choose it
 * @param cniBinDir the CNI plugins
 * @param cgroupDriver {@code cgroupfs} (berth has no systemd driver)
 * @param stateDir berth's own CRI state (pod networks), under the daemon's root
 * @param netnsDir where the engine binds network namespaces ({@code <exec-root>/netns})
 */
public record CriSettings(Path socket, String sandboxImage, Path cniConfDir, Path cniBinDir,
    String cgroupDriver, Path stateDir, Path netnsDir) {
  public static final Path DEFAULT_CNI_CONF = Path.of("/etc/cni/net.d");
  public static final Path DEFAULT_CNI_BIN = Path.of("/usr/lib/cni");
}
