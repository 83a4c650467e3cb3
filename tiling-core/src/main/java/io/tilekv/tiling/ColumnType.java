package io.tilekv.tiling;

/**
 * The type of a schema column, as written in a GroupBy file. Each type has one Java
 * representation, used for event values, aggregation inputs and finalized values.
 */
public enum ColumnType {
  /** {@link String}. */
  STRING,
  /** {@link Long}. */
  LONG,
  /** {@link Integer}. */
  INT,
  /** {@link Double}. */
  DOUBLE,
  /** {@link Float}. */
  FLOAT,
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@code byte[]}; base64 in JSON. */
  BYTES;

  /** True for LONG and INT. */
  public boolean isIntegral() {
    return this == LONG || this == INT;
  }

  /** True for LONG, INT, DOUBLE and FLOAT. */
  public boolean isNumeric() {
    return isIntegral() || this == DOUBLE || this == FLOAT;
  }
}
