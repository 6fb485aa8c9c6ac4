package io.vigil.core.sample;

import java.util.regex.Pattern;

/** Naming rules for ids that end up in topics, SQL parameters and URLs: tags, assets, devices, models. */
public final class Tags {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    private Tags() {}

    /** Returns the id if it is 1–64 characters of letters, digits, '_', '.', '-' (starting with a letter or digit). */
    public static String requireValidId(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    field + " '" + id
                            + "' is not a valid id: use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return id;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
