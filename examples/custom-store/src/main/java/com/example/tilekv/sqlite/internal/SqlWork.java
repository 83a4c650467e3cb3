package com.example.tilekv.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Something done with one connection, on one of the store's threads. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
