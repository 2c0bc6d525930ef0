package io.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1: Jackson's failures in encoding/json's words (each text as dockerd 20.10 sends it). */
class JsonErrorsTest {
  record Inner(@JsonProperty("CpuShares") long cpuShares) {}

  record Outer(@JsonProperty("Name") String name, @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("HostConfig") Inner host, @JsonProperty("Tty") Boolean tty) {}

  private static final ObjectMapper STRICT = GoJson.strict(JsonMapper.builder().build());

  private static String describe(String json) {
    try {
      STRICT.readValue(json, Outer.class);
      return "parsed";
    } catch (Exception e) {
      return JsonErrors.describe(e, "Config");
    }
  }

  @Test
  void syntaxErrorsReadAsGoReadsThem() {
    assertThat(describe("{\"Name\":\"a\"")).isEqualTo("unexpected EOF");
    assertThat(describe("{\"Name\":x}"))
        .isEqualTo("invalid character 'x' looking for beginning of value");
    assertThat(describe("{x"))
        .isEqualTo("invalid character 'x' looking for beginning of object key string");
  }

  @Test
  void typeErrorsNameTheFieldPathAndGosTypes() {
    assertThat(describe("{\"Name\":5}"))
        .isEqualTo("json: cannot unmarshal number into Go struct field Config.Name of type string");
    assertThat(describe("{\"HostConfig\":{\"CpuShares\":1.5}}")).isEqualTo(
        "json: cannot unmarshal number into Go struct field Config.HostConfig.CpuShares of type int64");
    assertThat(describe("{\"HostConfig\":{\"CpuShares\":\"x\"}}")).isEqualTo(
        "json: cannot unmarshal string into Go struct field Config.HostConfig.CpuShares of type int64");
    assertThat(describe("{\"Tty\":1}"))
        .isEqualTo("json: cannot unmarshal number into Go struct field Config.Tty of type bool");
    assertThat(describe("{\"Tty\":\"true\"}"))
        .isEqualTo("json: cannot unmarshal string into Go struct field Config.Tty of type bool");
    assertThat(describe("{\"HostConfig\":{\"CpuShares\":\"5\"}}")).isEqualTo(
        "json: cannot unmarshal string into Go struct field Config.HostConfig.CpuShares of type int64");
    assertThat(describe("{\"HostConfig\":{\"CpuShares\":true}}")).isEqualTo(
        "json: cannot unmarshal bool into Go struct field Config.HostConfig.CpuShares of type int64");
    assertThat(describe("{\"Name\":true,\"Tty\":null}")).isEqualTo(
        "json: cannot unmarshal bool into Go struct field Config.Name of type string");
    assertThat(describe("{\"Name\":null,\"Tty\":null,\"Cmd\":null}")).isEqualTo("parsed");
    assertThat(describe("[1]"))
        .isEqualTo("json: cannot unmarshal array into Go value of type Outer");
  }

  @Test
  void noJavaNamesReachTheText() {
    for (String json : List.of("{\"Cmd\":{}}", "{\"HostConfig\":[]}", "nul", "{\"Name\":[1]}")) {
      assertThat(describe(json)).as(json)
          .doesNotContain("java", "Jackson", "JsonToken", "REDACTED", "io.berth");
    }
  }
}
