package io.tilekv.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store's configuration: the provider's name and a map of string options. Immutable. Typed
 * getters fail with {@link KVStoreException.Kind#INVALID_CONFIG} naming the option when a value
 * does not parse. {@link #toString()} masks secret options.
 */
public final class StoreConfig {
  /** The option that carries a store URI's location (host:port list, path, ...). */
  public static final String LOCATION = "location";

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final String provider;
  private final Map<String, String> options;
  private final Set<String> secrets;

  /**
   * @param provider the provider's name
   * @param options the options; copied
   * @param secrets the names of options whose values must never be shown
   */
  public StoreConfig(String provider, Map<String, String> options, Set<String> secrets) {
    this.provider = Objects.requireNonNull(provider, "provider is null");
    this.options = Collections.unmodifiableMap(new TreeMap<>(options));
    this.secrets = Set.copyOf(secrets);
  }

  public String provider() {
    return provider;
  }

  /** All options, sorted by name, including secrets: do not log this map. */
  public Map<String, String> options() {
    return options;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The option's value; INVALID_CONFIG naming it when absent. */
  public String require(String name) {
    String v = options.get(name);
    if (v == null || v.isEmpty()) {
      throw invalid("missing required option '" + name + "'");
    }
    return v;
  }

  public String getString(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  public int getInt(String name, int defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw invalid("option '" + name + "' is not an integer: '" + shown(name, v) + "'");
    }
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw invalid("option '" + name + "' is not a boolean: '" + shown(name, v) + "'");
    };
  }

  /** A duration written as {@code <n>ms|s|m|h|d}, e.g. {@code 250ms} or {@code 10s}. */
  public Duration getDuration(String name, Duration defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    Matcher m = DURATION.matcher(v.trim());
    if (!m.matches()) {
      throw invalid("option '" + name + "' is not a duration like 250ms, 10s, 5m, 1h or 1d: '"
          + shown(name, v) + "'");
    }
    try {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid("option '" + name + "' is too large a duration: '" + shown(name, v) + "'");
    }
  }

  /** An INVALID_CONFIG error for this provider. */
  public KVStoreException invalid(String message) {
    return new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, provider, message);
  }

  private String shown(String name, String value) {
    return secrets.contains(name) ? "****" : value;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(provider).append('{');
    String sep = "";
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
      sep = ", ";
    }
    return sb.append('}').toString();
  }
}
