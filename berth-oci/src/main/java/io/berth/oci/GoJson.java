package io.berth.oci;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Request bodies typed as Go's encoding/json types them. Jackson turns {@code 5} into
 * {@code "5"} for a string field, {@code "5"} into 5 and {@code 1.5} into 1 for an integer and
 * {@code 1} into true for a boolean; Go refuses every one of these ({@code json: cannot
 * unmarshal number into Go struct field ExecConfig.Tty of type bool}), and so does a mapper
 * made {@link #strict}. A JSON null stays acceptable everywhere, as in Go.
 */
public final class GoJson {
  private GoJson() {}

  /** {@code m} itself, refusing the scalar coercions Go does not make. */
  public static ObjectMapper strict(ObjectMapper m) {
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    refuse(m, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.Boolean);
    refuse(m, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String,
        CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
    refuse(m, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
        CoercionInputShape.Boolean);
    refuse(m, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.String, CoercionInputShape.EmptyString);
    return m;
  }

  private static void refuse(ObjectMapper m, LogicalType type, CoercionInputShape... shapes) {
    for (CoercionInputShape s : shapes) {
      m.coercionConfigFor(type).setCoercion(s, CoercionAction.Fail);
    }
  }
}
