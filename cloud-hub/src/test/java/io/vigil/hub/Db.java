package io.vigil.hub;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain JDBC look-ups into a hub's database. */
public final class Db {
    private Db() {}

    public static long count(String url, String sql, Object... args) {
        try (var c = DriverManager.getConnection(url);
                var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static String string(String url, String sql) {
        try (var c = DriverManager.getConnection(url);
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
