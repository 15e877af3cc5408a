package dev.whirlwind.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {
  @ParameterizedTest
  @CsvSource({
    "0.5, 500m",
    "1, 1",
    "1000m, 1",
    "1500m, 1500m",
    "0.1, 100m",
    "2048Mi, 2Gi",
    "1.5Gi, 1536Mi",
    "500Gi, 500Gi",
    "1024, 1024",
    "1000M, 1G",
    "1.5T, 1500G",
    "0, 0",
    "10Gi, 10Gi",
    "0.0001, 1m"
  })
  void canonicalFormMatchesWhatTheApiServerStores(String in, String canonical) {
    assertThat(Quantities.canonical(in)).isEqualTo(canonical);
  }

  @Test
  void bytesOfBinaryAndDecimalQuantities() {
    assertThat(Quantities.bytes("10Gi")).isEqualTo(10L << 30);
    assertThat(Quantities.bytes("2T")).isEqualTo(2_000_000_000_000L);
    assertThat(Quantities.bytes("1.5Ki")).isEqualTo(1536);
  }

  @Test
  void rejectsWhatIsNotAQuantity() {
    assertThatThrownBy(() -> Quantities.bytes("ten gigs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ten gigs");
  }
}
