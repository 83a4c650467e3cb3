package io.tilekv.spi.support;

import io.tilekv.spi.StoreConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code host:port} of a store's location. {@link #toString()} writes an IPv6 host in brackets,
 * as a location takes it.
 *
 * @param host a name or an address, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host is null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses a location of the form {@code host[:port][,host[:port]...]} the way every adapter takes
   * it: an IPv6 host in brackets ({@code [::1]:9042}), blanks around entries and trailing slashes
   * ignored. Credentials are refused, since the location is logged and shown in errors.
   *
   * @param config the configuration whose errors these are
   * @param location the location, usually {@code config.require(StoreConfig.LOCATION)}
   * @param defaultPort the port of an entry that names none; 0 if every entry must name one
   * @param userOption the option that takes the user name, named when the location holds credentials
   * @param secretOption the option that takes the secret, named alike
   * @return the entries in order, at least one
   * @throws io.tilekv.spi.KVStoreException INVALID_CONFIG naming the entry that is wrong
   */
  public static List<HostPort> parseAll(StoreConfig config, String location, int defaultPort, String userOption,
      String secretOption) {
    if (location.indexOf('@') >= 0) {
      throw config.invalid("credentials do not belong in the location (it is logged); use the options '"
          + userOption + "' and '" + secretOption + "'");
    }
    List<HostPort> out = new ArrayList<>();
    for (String part : location.split(",", -1)) {
      out.add(parse(config, part.trim().replaceAll("/+$", ""), defaultPort));
    }
    return List.copyOf(out);
  }

  private static HostPort parse(StoreConfig config, String hostPort, int defaultPort) {
    String host = hostPort;
    String port = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw config.invalid("unbalanced '[' in location: '" + hostPort + "'");
      }
      host = hostPort.substring(1, close);
      String rest = hostPort.substring(close + 1);
      port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : rest;
    } else if (hostPort.indexOf(':') >= 0) {
      host = hostPort.substring(0, hostPort.lastIndexOf(':'));
      port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
    if (host.isEmpty() || host.indexOf(':') >= 0 && !hostPort.startsWith("[") || port == null && defaultPort == 0) {
      String form = defaultPort == 0 ? "host:port[,host:port...]" : "host[:port][,host[:port]...]";
      throw config.invalid("location must be " + form + ", got '" + hostPort + "'");
    }
    if (port == null) {
      return new HostPort(host, defaultPort);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw config.invalid("port is not a number in '" + hostPort + "'");
    }
    if (p < 1 || p > 65535) {
      throw config.invalid("port out of range in '" + hostPort + "'");
    }
    return new HostPort(host, p);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
