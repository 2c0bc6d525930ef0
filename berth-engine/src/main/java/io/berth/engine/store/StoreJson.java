package io.berth.engine.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.common.BerthException;
import io.berth.engine.Container;
import io.berth.engine.ContainerConfig;
import io.berth.engine.ContainerState;
import io.berth.engine.ContainerStatus;
import io.berth.engine.HealthConfig;
import io.berth.engine.HostConfig;
import io.berth.engine.MountPoint;
import io.berth.engine.MountSpec;
import io.berth.engine.ResourceConfig;
import io.berth.oci.JsonErrors;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code config.v2.json} and {@code hostconfig.json}: the one place in the engine
 * that knows Docker's field names. The engine's records carry no annotation; the names are
 * mixed in here (Jackson mix-ins), one class per record, so the files stay what berth 1.6
 * wrote: the same bytes, the unnamed fields ({@code other}) in the file's order (ADR 0139).
 */
public final class StoreJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .addMixIn(ContainerConfig.class, StoreNames.ContainerConfigNames.class)
      .addMixIn(HostConfig.class, StoreNames.HostConfigNames.class)
      .addMixIn(HostConfig.DeviceMapping.class, StoreNames.DeviceMappingNames.class)
      .addMixIn(HostConfig.LogConfig.class, StoreNames.LogConfigNames.class)
      .addMixIn(HostConfig.RestartPolicy.class, StoreNames.RestartPolicyNames.class)
      .addMixIn(HostConfig.Ulimit.class, StoreNames.UlimitNames.class)
      .addMixIn(Container.class, StoreNames.ContainerNames.class)
      .addMixIn(ContainerState.class, StoreNames.ContainerStateNames.class)
      .addMixIn(ContainerState.Health.class, StoreNames.HealthNames.class)
      .addMixIn(ContainerState.Probe.class, StoreNames.ProbeNames.class)
      .addMixIn(MountPoint.class, StoreNames.MountPointNames.class)
      .addMixIn(HealthConfig.class, StoreNames.HealthConfigNames.class)
      .addMixIn(MountSpec.class, StoreNames.MountSpecNames.class)
      .addMixIn(MountSpec.BindOptions.class, StoreNames.BindOptionsNames.class)
      .addMixIn(MountSpec.VolumeOptions.class, StoreNames.VolumeOptionsNames.class)
      .addMixIn(MountSpec.DriverConfig.class, StoreNames.DriverConfigNames.class)
      .addMixIn(MountSpec.TmpfsOptions.class, StoreNames.TmpfsOptionsNames.class)
      .addMixIn(ResourceConfig.class, StoreNames.ResourceConfigNames.class)
      .addMixIn(ResourceConfig.WeightDevice.class, StoreNames.WeightDeviceNames.class)
      .addMixIn(ResourceConfig.ThrottleDevice.class, StoreNames.ThrottleDeviceNames.class)
      .addModule(new SimpleModule("container-status")
          .addSerializer(ContainerStatus.class, new StatusWriter())
          .addDeserializer(ContainerStatus.class, new StatusReader()))
      .build();

  private StoreJson() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw BerthException.internal("encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses {@code data}; malformed input is {@code InvalidArgument} naming {@code what}. */
  public static <T> T read(byte[] data, Class<T> type, String what) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }

  /** {@code config.v2.json}; the config's unnamed fields keep the file's order. */
  public static Container readContainer(byte[] data, String what) {
    JsonNode tree = read(data, JsonNode.class, what);
    Container c = convert(tree, Container.class, what);
    return c.config() == null ? c : c.withConfig(c.config().toBuilder()
        .other(inFileOrder(c.config().other(), tree.get("Config"))).build());
  }

  /** {@code hostconfig.json}; its unnamed fields keep the file's order. */
  public static HostConfig readHostConfig(byte[] data, String what) {
    JsonNode tree = read(data, JsonNode.class, what);
    HostConfig h = convert(tree, HostConfig.class, what);
    return h.toBuilder().other(inFileOrder(h.other(), tree)).build();
  }

  /**
   * The resource settings of {@code h}: its named limits and the ones among its unnamed fields,
   * which carry Docker's names there as in the file (CpuPeriod, BlkioWeightDevice...).
   */
  public static ResourceConfig resources(HostConfig h) {
    return MAPPER.convertValue(h, ResourceConfig.class);
  }

  /**
   * {@code h} with every non-null setting of {@code r} written over its own, by the same names;
   * the unnamed fields keep their order, a new one comes last.
   */
  public static HostConfig withResources(HostConfig h, ResourceConfig r) {
    ObjectNode tree = MAPPER.valueToTree(h);
    tree.setAll((ObjectNode) MAPPER.valueToTree(r));
    HostConfig out = convert(tree, HostConfig.class, "resources");
    return out.toBuilder().other(inFileOrder(out.other(), tree)).build();
  }

  private static <T> T convert(JsonNode tree, Class<T> type, String what) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new BerthException.InvalidArgument("invalid " + what + ": "
          + JsonErrors.describe(e, type.getSimpleName()), e);
    }
  }

  /**
   * {@code other} in the order its names have in {@code object}: Jackson hands the unnamed
   * fields over in a hash map, and berth 1.6 wrote them in its order, another at each write.
   */
  static Map<String, Object> inFileOrder(Map<String, Object> other, JsonNode object) {
    if (object == null || !object.isObject()) {
      return other;
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    object.fieldNames().forEachRemaining(n -> {
      if (other.containsKey(n)) {
        ordered.put(n, other.get(n));
      }
    });
    other.forEach(ordered::putIfAbsent);
    return ordered;
  }

  /** A status as its lower-case word ({@code running}). */
  private static final class StatusWriter extends JsonSerializer<ContainerStatus> {
    @Override
    public void serialize(ContainerStatus s, JsonGenerator g, SerializerProvider p)
        throws IOException {
      g.writeString(s.wire());
    }
  }

  private static final class StatusReader extends JsonDeserializer<ContainerStatus> {
    @Override
    public ContainerStatus deserialize(JsonParser p, DeserializationContext c) throws IOException {
      return ContainerStatus.parse(p.getValueAsString());
    }
  }
}
