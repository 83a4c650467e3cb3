package com.example.tilekv.sqlite.internal;

/**
 * The SQL of the store: one table per dataset, keyed by (partition, sort).
 *
 * <p>Rows live in a {@code WITHOUT ROWID} table, so the primary key is the clustered index: the
 * tiles of one partition sit next to each other in sort order, which makes a range scan one
 * contiguous read and a point lookup one index search. Tile rows are small (a few KB), which is
 * what {@code WITHOUT ROWID} is good at.
 */
public final class Tables {
  /** Every table of the store starts with this, so the expiry sweep can find them all. */
  public static final String PREFIX = "tilekv_";

  private Tables() {}

  /**
   * The quoted table name of a dataset. SQLite compares identifiers without regard to ASCII case,
   * while dataset names are case-sensitive ({@code Clicks} and {@code clicks} are two datasets), so
   * each upper-case letter is written as {@code ^} and its lower-case form; {@code ^} never occurs
   * in a dataset name, which keeps the mapping one-to-one.
   */
  public static String table(String dataset) {
    StringBuilder sb = new StringBuilder(PREFIX.length() + dataset.length() + 8).append('"').append(PREFIX);
    for (int i = 0; i < dataset.length(); i++) {
      char c = dataset.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        sb.append('^').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  public static String create(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table + " ("
        + "partition BLOB NOT NULL, sort INTEGER NOT NULL, value BLOB NOT NULL, expires_at INTEGER, "
        + "PRIMARY KEY (partition, sort)) WITHOUT ROWID";
  }

  /**
   * Reads {@code n} keys in one statement. The wanted keys are a VALUES list numbered by their
   * position in the request; CROSS JOIN tells SQLite's planner to loop over that list and search
   * the primary key once per key. A duplicate key is simply two rows of the list. Parameters:
   * {@code (partition, sort)} per key, then the current time in epoch millis.
   */
  public static String multiGet(String table, int n) {
    StringBuilder sb = new StringBuilder(64 + n * 12).append("WITH wanted(i, p, s) AS (VALUES ");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append('(').append(i).append(",?,?)");
    }
    return sb.append(") SELECT wanted.i, t.value FROM wanted CROSS JOIN ").append(table)
        .append(" AS t WHERE t.partition = wanted.p AND t.sort = wanted.s")
        .append(" AND (t.expires_at IS NULL OR t.expires_at > ?)").toString();
  }

  /** Parameters: partition, sort, value, expires_at (null for never). */
  public static String upsert(String table) {
    return "INSERT INTO " + table + " (partition, sort, value, expires_at) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (partition, sort) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at";
  }

  /** Parameters: partition, from (inclusive), to (exclusive), now. */
  public static String scan(String table) {
    return "SELECT sort, value FROM " + table + " WHERE partition = ? AND sort >= ? AND sort < ? "
        + "AND (expires_at IS NULL OR expires_at > ?) ORDER BY sort LIMIT ?";
  }

  /** Parameter: now. */
  public static String sweep(String table) {
    return "DELETE FROM " + table + " WHERE expires_at <= ?";
  }

  /** The (unquoted) names of every table of the store in the database file. */
  public static String listTables() {
    return "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '"
        + PREFIX.replace("_", "\\_") + "%' ESCAPE '\\'";
  }

  /** Quotes a table name read from {@link #listTables()}. */
  public static String quote(String name) {
    return '"' + name + '"'; // names never contain a double quote: datasets cannot
  }
}
