package dev.whirlwind.operator.kube;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes quantities in the canonical form the API server stores them in ({@code 0.5} becomes
 * {@code 500m}, {@code 2048Mi} becomes {@code 2Gi}). Desired objects carry canonical quantities, or
 * the server's rewrite would look like drift and the operator would update forever.
 */
public final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile(
          "^([+-]?[0-9]+(?:\\.[0-9]*)?|[+-]?\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$");
  private static final List<String> BINARY = List.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
  private static final List<String> DECIMAL = List.of("m", "", "k", "M", "G", "T", "P", "E");
  private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
  private static final BigDecimal KILO = BigDecimal.valueOf(1000);

  private Quantities() {}

  /** The amount in base units (bytes, cores). */
  public static BigDecimal amount(String quantity) {
    Matcher m = matcher(quantity);
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    int binary = BINARY.indexOf(suffix);
    if (binary > 0) {
      return number.multiply(KIBI.pow(binary));
    }
    int decimal = DECIMAL.indexOf(suffix) - 1;
    return decimal >= 0
        ? number.multiply(KILO.pow(decimal))
        : number.divide(KILO, 3, RoundingMode.UNNECESSARY);
  }

  /** The amount in bytes, rounded up to a whole byte. */
  public static long bytes(String quantity) {
    return amount(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** The string the API server would store for this quantity. */
  public static String canonical(String quantity) {
    Matcher m = matcher(quantity);
    String suffix = m.group(2) == null ? "" : m.group(2);
    // The server rounds up to milli-units.
    BigDecimal value = amount(quantity).setScale(3, RoundingMode.CEILING).stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    if (BINARY.indexOf(suffix) > 0 && isWhole(value)) {
      BigInteger whole = value.toBigIntegerExact();
      int power = 0;
      BigInteger k = BigInteger.valueOf(1024);
      while (power < BINARY.size() - 1 && whole.mod(k).signum() == 0 && whole.bitLength() > 10) {
        whole = whole.divide(k);
        power++;
      }
      return whole + BINARY.get(power);
    }
    BigDecimal milli = value.multiply(KILO);
    BigInteger units = milli.toBigIntegerExact();
    int power = 0; // index into DECIMAL: 0 is milli
    BigInteger thousand = BigInteger.valueOf(1000);
    while (power < DECIMAL.size() - 1 && units.mod(thousand).signum() == 0) {
      units = units.divide(thousand);
      power++;
    }
    return units + DECIMAL.get(power);
  }

  private static boolean isWhole(BigDecimal v) {
    return v.signum() == 0 || v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0;
  }

  private static Matcher matcher(String quantity) {
    Matcher m = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Kubernetes quantity: '" + quantity + "'");
    }
    return m;
  }
}
