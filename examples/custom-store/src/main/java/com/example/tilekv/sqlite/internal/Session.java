package com.example.tilekv.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection and its prepared statements. On an embedded database, compiling a statement
 * (a 24-key read, say) costs more than running it, so statements are kept per connection and the
 * least recently used is dropped past {@value #CACHED}. Used by one thread at a time.
 */
public final class Session implements AutoCloseable {
  private static final int CACHED = 64;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);

  Session(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** The prepared statement for {@code sql}; the session owns it, so do not close it. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement s = statements.get(sql);
    if (s == null) {
      s = connection.prepareStatement(sql);
      statements.put(sql, s);
      if (statements.size() > CACHED) {
        var eldest = statements.entrySet().iterator();
        eldest.next().getValue().close();
        eldest.remove();
      }
    }
    return s;
  }

  @Override
  public void close() throws SQLException {
    try {
      for (PreparedStatement s : statements.values()) {
        s.close();
      }
      statements.clear();
    } finally {
      connection.close();
    }
  }
}
