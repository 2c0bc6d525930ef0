package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.model.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
  private static final String DATA = """
      {"Id":"sha256:abc","RepoTags":["a:1","b:2"],"Size":4261375,"Ratio":0.5,
       "Config":{"Env":["A=1","B=2"],"Labels":{"k":"v","x y":"<&>"},"User":""},
       "Empty":[],"Null":null,"On":true}""";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
      "{{.Id}} => sha256:abc",
      "id={{.Id}}! => id=sha256:abc!",
      "{{.Config.User}}x => x",
      "{{.Nope}} => <no value>",
      "{{.Config.Nope.Deeper}} => <no value>",
      "{{.Null}} => <nil>",
      "{{.Size}} => 4261375",
      "{{.Ratio}} => 0.5",
      "{{.RepoTags}} => [a:1 b:2]",
      "{{.Config.Labels}} => map[k:v x y:<&>]",
      "{{json .RepoTags}} => [\"a:1\",\"b:2\"]",
      "{{json .Config.Labels}} => {\"k\":\"v\",\"x y\":\"\\u003c\\u0026\\u003e\"}",
      "{{json .Config.User}} => \"\"",
      "{{join .RepoTags \",\"}} => a:1,b:2",
      "{{index .Config.Labels \"k\"}} => v",
      "{{index .RepoTags 1}} => b:2",
      "{{range .RepoTags}}<{{.}}>{{end}} => <a:1><b:2>",
      "{{range .Empty}}x{{else}}none{{end}} => none",
      "{{range .Config.Labels}}{{.}};{{end}} => v;<&>;",
      "{{if .On}}yes{{else}}no{{end}} => yes",
      "{{if .Empty}}yes{{else}}no{{end}} => no",
      "{{if .Nope}}a{{else if .On}}b{{else}}c{{end}} => b",
      "{{if .Config.User}}u{{end}}. => .",
      "{{with .Config}}{{.Env}}{{end}} => [A=1 B=2]",
      "{{.Id | upper}} => SHA256:ABC",
      "{{upper .Id}} => SHA256:ABC",
      "{{lower \"ABC\"}} => abc",
      "{{title \"hello world\"}} => Hello World",
      "{{split \"a,b\" \",\"}} => [a b]",
      "{{len .RepoTags}} => 2",
      "{{truncate .Id 6}} => sha256",
      "{{pad .On 1 2}} => ' true  '",
      "{{printf \"%s-%d\" .Id .Size}} => sha256:abc-4261375",
      "{{println .Id}} => 'sha256:abc\n'",
      "{{eq .Id \"sha256:abc\"}} => true",
      "{{if not .On}}a{{else}}b{{end}} => b",
      "{{if and .On .Empty}}a{{else}}b{{end}} => b",
      "{{if or .Empty .On}}a{{else}}b{{end}} => a",
      "{{(index .RepoTags 0) | upper}} => A:1",
      "a {{- \" b \" -}} c => a b c",
      "{{/* comment */}}x => x",
  })
  void executes(String template, String expected) throws Exception {
    JsonNode data = Json.MAPPER.readTree(DATA);
    assertThat(Template.parse(template.strip()).execute(data)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{{.Id",
      "{{if .On}}x",
      "{{nosuch .Id}}",
      "{{end}}",
      "{{\"open}}",
  })
  void rejectsBadTemplates(String template) {
    assertThatThrownBy(() -> Template.parse(template)).isInstanceOf(CliException.class)
        .hasMessageStartingWith("template parsing error: ");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{{.ID}}\t{{.Size}}      | IMAGE ID\tSIZE",
      "{{json .ID}}            | IMAGE ID",
      "{{upper .ID}}:{{.Size}} | IMAGE ID:SIZE",
  })
  void headersPassFormattingFunctionsThrough(String template, String expected) throws Exception {
    JsonNode titles = Json.MAPPER.readTree("{\"ID\":\"IMAGE ID\",\"Size\":\"SIZE\"}");
    assertThat(Template.parse(template.strip().replace("\\t", "\t")).header(titles))
        .isEqualTo(expected.replace("\\t", "\t"));
  }
}
