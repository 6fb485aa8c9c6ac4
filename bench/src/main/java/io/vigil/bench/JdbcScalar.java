package io.vigil.bench;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One-value queries the benchmarks run on a fresh connection to the database they measure. */
public final class JdbcScalar {
    private JdbcScalar() {}

    /** The first column of the first row of {@code sql} as a long. */
    public static long longValue(String url, String sql) throws SQLException {
        return first(url, sql, rs -> rs.getLong(1));
    }

    /** The first column of the first row of {@code sql} as a string. */
    public static String string(String url, String sql) throws SQLException {
        return first(url, sql, rs -> rs.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T first(String url, String sql, Column<T> column) throws SQLException {
        try (var c = DriverManager.getConnection(url);
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        }
    }
}
