package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.agg.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityKeysTest {
  static final GroupBy G = GroupBy.builder("keys")
      .column("shop", ColumnType.INT).column("user", ColumnType.STRING).column("ts", ColumnType.LONG)
      .column("vip", ColumnType.BOOLEAN)
      .keys("user", "shop").timestamp("ts")
      .aggregation(Aggregation.of("vip", Operation.COUNT, "1h"))
      .build();

  @Test
  void keyOfARowIsTheKeyColumnsInKeyOrderTypedByTheirDeclaredTypes() {
    Row r = G.row(7, "ann", 1L, true);
    assertThat(G.entityKey(r)).isEqualTo(EntityKey.of("ann", 7));
    assertThat(r.entityKey(G)).isNotEqualTo(EntityKey.of("ann", 7L));
  }

  @Test
  void keyFromTextEqualsTheKeyOfTheSameRow() {
    assertThat(G.entityKey(Map.of("user", "ann", "shop", "7"))).isEqualTo(G.entityKey(G.row(7, "ann", 1L, null)));
  }

  @Test
  void keyFromTextNamesTheColumnItCannotUse() {
    assertThatThrownBy(() -> G.entityKey(Map.of("user", "ann", "shop", "seven")))
        .hasMessageContaining("column 'shop' is int, cannot parse 'seven'");
    assertThatThrownBy(() -> G.entityKey(Map.of("user", "ann")))
        .hasMessageContaining("missing value for key column 'shop'");
    assertThatThrownBy(() -> G.entityKey(Map.of("user", "ann", "shop", "1", "vip", "true")))
        .hasMessageContaining("'vip' is not a key column");
  }

  @Test
  void rowsCheckTypesAndRequiredColumns() {
    assertThat(G.row(Map.of("user", "ann", "shop", 7, "ts", 5)).timestamp()).isEqualTo(5L);
    assertThatThrownBy(() -> G.row(7, "ann", 1.5, null)).hasMessageContaining("column 'ts' is long");
    assertThatThrownBy(() -> G.row(Map.of("user", "ann", "ts", 5L))).hasMessageContaining("missing key column 'shop'");
    assertThatThrownBy(() -> G.row(7L, "ann", 1L, null)).hasMessageContaining("column 'shop' is int");
  }
}
