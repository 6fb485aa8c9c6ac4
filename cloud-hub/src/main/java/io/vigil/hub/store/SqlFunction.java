package io.vigil.hub.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one borrowed connection. */
@FunctionalInterface
public interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
}
