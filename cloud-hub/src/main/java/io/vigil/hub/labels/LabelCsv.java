package io.vigil.hub.labels;

import java.util.List;

/**
 * Labels as CSV, one row a label, for export beside the series' CSV: {@code
 * id,asset,from,to,kind,event,note,by,at}. Times are ISO-8601 UTC so a spreadsheet or pandas joins them to the series'
 * {@code time} column; text fields are quoted RFC 4180 style.
 */
public final class LabelCsv {
    public static final String HEADER = "id,asset,from,to,kind,event,note,by,at";

    private LabelCsv() {}

    public static String of(List<Label> labels) {
        var out = new StringBuilder(HEADER).append('\n');
        for (Label l : labels) {
            out.append(l.id())
                    .append(',')
                    .append(l.asset())
                    .append(',')
                    .append(l.from())
                    .append(',')
                    .append(l.to())
                    .append(',')
                    .append(l.kind().key())
                    .append(',')
                    .append(l.eventId().isPresent() ? Long.toString(l.eventId().getAsLong()) : "")
                    .append(',')
                    .append(quoted(l.note()))
                    .append(',')
                    .append(quoted(l.by()))
                    .append(',')
                    .append(l.at())
                    .append('\n');
        }
        return out.toString();
    }

    static String quoted(String text) {
        boolean plain = text.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }
}
