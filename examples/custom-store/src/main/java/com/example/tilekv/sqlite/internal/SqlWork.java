package com.example.tilekv.sqlite.internal;

import java.sql.SQLException;

/** Something done with one session (a connection), on one of the store's threads. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Session session) throws SQLException;
}
