package io.tilekv.store.redis.servers;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis server (or cluster) the tests run against, as the parts of a store URI.
 *
 * @param scheme {@code redis}, {@code rediss} or {@code redis-cluster}
 * @param location host:port or a node list
 * @param options query options, the password included
 * @param local true when the tests started it and know its users ({@link RedisServers})
 */
public record RedisTarget(String scheme, String location, Map<String, String> options, boolean local) {
  private static final Pattern URI = Pattern.compile("([a-z-]+)://([^?]*)(?:\\?(.*))?");

  public RedisTarget {
    options = Map.copyOf(options);
  }

  /** A target given by the user as a store URI. */
  static RedisTarget external(String uri) {
    Matcher m = URI.matcher(uri.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a redis store URI: " + uri.replaceAll("password=[^&]*", "password=****"));
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      for (String pair : m.group(3).split("&")) {
        int eq = pair.indexOf('=');
        options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return new RedisTarget(m.group(1), m.group(2), options, false);
  }

  /** The store URI, secrets included: pass it on, do not print it. */
  public String uri() {
    StringBuilder sb = new StringBuilder(scheme).append("://").append(location);
    String sep = "?";
    for (Map.Entry<String, String> e : options.entrySet()) {
      sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = "&";
    }
    return sb.toString();
  }

  /** A copy with {@code option} set to {@code value}; a null value removes it. */
  public RedisTarget with(String option, String value) {
    Map<String, String> o = new LinkedHashMap<>(options);
    if (value == null) {
      o.remove(option);
    } else {
      o.put(option, value);
    }
    return new RedisTarget(scheme, location, o, local);
  }

  public KVStore open() {
    return KVStores.open(uri());
  }

  @Override
  public String toString() {
    return scheme + "://" + location + (local ? " (started by the tests)" : " (given)");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
