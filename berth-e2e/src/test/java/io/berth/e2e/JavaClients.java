package io.berth.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** docker-java clients, as a Java program makes them: the zerodep transport over a unix socket. */
final class JavaClients {
  private JavaClients() {}

  /** A client of the daemon at {@code host} ({@code unix:///…}), API version negotiated. */
  static DockerClient docker(String host) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host).build();
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(120))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
