package io.vigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The option tables of a Markdown page, each with the command it documents. A table documents a command when the
 * nearest heading above it names that command in a code span ({@code ### `vigil hub`}) and its first header cell is
 * {@code option}; a row's first cell holds the option in a code span ({@code `--host H`}, {@code `-c, --config
 * FILE`}), its second cell the default: a code span when the command line has one, words when it has none (or
 * {@code on}/{@code off} for a flag). Anything else on the page is ignored.
 */
record OptionTables(String page, List<Table> tables) {
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern COMMAND = Pattern.compile("`(vigil(?: [a-z0-9-]+)*)[^`]*`");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One table: the command it documents (or null when its heading names none) and its rows. */
    record Table(String command, int line, List<Row> rows) {}

    /**
     * One row: the names in its first cell ({@code [--config, -c]}, or a positional label such as {@code TARGET}),
     * and its default, the first code span of the second cell or null when that cell has none.
     */
    record Row(int line, List<String> names, boolean positional, String defaultCode, String defaultWords) {}

    static OptionTables parse(String page, String markdown) {
        var tables = new ArrayList<Table>();
        String command = null;
        String[] lines = markdown.split("\n", -1);
        boolean inFence = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                Matcher c = COMMAND.matcher(heading.group(1));
                command = c.find() ? c.group(1) : null;
                continue;
            }
            if (isOptionHeader(line) && i + 1 < lines.length && lines[i + 1].startsWith("|---")) {
                var rows = new ArrayList<Row>();
                int j = i + 2;
                for (; j < lines.length && lines[j].startsWith("|"); j++) {
                    rows.add(row(j + 1, cells(lines[j])));
                }
                tables.add(new Table(command, i + 1, List.copyOf(rows)));
                i = j - 1;
            }
        }
        return new OptionTables(page, List.copyOf(tables));
    }

    private static boolean isOptionHeader(String line) {
        return line.startsWith("|") && cells(line).get(0).equals("option");
    }

    private static Row row(int line, List<String> cells) {
        if (cells.size() < 2) {
            throw new IllegalArgumentException("line " + line + ": an option row needs a name and a default cell");
        }
        Matcher name = CODE.matcher(cells.get(0));
        if (!name.find()) {
            throw new IllegalArgumentException(
                    "line " + line + ": the option cell '" + cells.get(0) + "' holds no code span");
        }
        var names = new ArrayList<String>();
        for (String token : name.group(1).split("[ ,=]+")) {
            if (token.startsWith("-")) {
                names.add(token.replace("[no-]", ""));
            }
        }
        boolean positional = names.isEmpty();
        if (positional) {
            names.add(name.group(1).replace("...", "").trim());
        }
        Matcher def = CODE.matcher(cells.get(1));
        String code = def.find() && cells.get(1).trim().startsWith("`") ? def.group(1) : null;
        return new Row(line, List.copyOf(names), positional, code, cells.get(1).trim());
    }

    /** The cells of a table line; an escaped pipe ({@code \|}) stays inside its cell. */
    static List<String> cells(String line) {
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        String body = line.trim();
        for (int i = 1; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (ch == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        return cells;
    }
}
