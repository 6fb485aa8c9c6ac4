package io.vigil.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.json.Json;
import io.vigil.model.data.CsvSeries;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * An asset's history read from the hub's REST API for training on normal data: each input tag's bucket averages from
 * {@code /api/v1/series.csv} joined on time, with the periods that are not normal left out: around every anomaly event
 * ({@code /api/v1/events}, one window either side, since the window that raised it and the ones after it hold the
 * abnormal rows) and every range labelled {@code fault} or {@code maintenance} ({@code /api/v1/labels}).
 *
 * <p>The trainer takes one contiguous run of rows (its windows slide over every offset), so a window must never join
 * rows from both sides of a left-out period: the longest clean run is trained on, and the other clean runs are
 * reported, not silently glued together.
 */
final class HubHistory {
    /** Why rows were left out. */
    enum Reason {
        ANOMALY_EVENT("anomaly events"),
        FAULT_LABEL("fault labels"),
        MAINTENANCE_LABEL("maintenance labels"),
        NO_DATA("a tag without a value");

        final String words;

        Reason(String words) {
            this.words = words;
        }
    }

    /** A left-out period, ends included. */
    record Gap(Instant from, Instant to, Reason reason) {}

    /**
     * What was read and what is trained on.
     *
     * @param series the longest clean contiguous run
     * @param buckets buckets in the requested range that had a value for some tag
     * @param excluded per reason, the buckets left out (a bucket counts under the first reason that covers it)
     * @param otherRuns clean runs not trained on, and their rows
     */
    record Result(
            CsvSeries series, int buckets, java.util.Map<Reason, Integer> excluded, int otherRuns, int otherRows) {}

    /** The most events {@code /api/v1/events} answers at once. */
    static final int EVENT_PAGE = 1000;

    private static final int MAX_EVENT_PAGES = 100;

    private HubHistory() {}

    static Result read(
            HubOptions hub, String asset, List<String> tags, Instant from, Instant to, Duration step, int window) {
        var values = new TreeMap<Instant, double[]>();
        for (int c = 0; c < tags.size(); c++) {
            for (String line : hub.send(
                            "GET",
                            "api/v1/series.csv?tag=" + enc(asset + "/" + tags.get(c)) + "&from=" + from + "&to=" + to
                                    + "&step=" + step,
                            null,
                            null,
                            "reading " + asset + "/" + tags.get(c))
                    .split("\n")) {
                if (line.isBlank() || line.startsWith("time")) {
                    continue;
                }
                String[] cells = line.split(",");
                Instant t = Instant.parse(cells[0]);
                double[] row = values.computeIfAbsent(t, k -> nanRow(tags.size()));
                row[c] = cells[1].isEmpty() ? Double.NaN : Double.parseDouble(cells[1]);
            }
        }
        List<Gap> gaps = gaps(hub, asset, from, to, step.multipliedBy(window));
        var excluded = new java.util.EnumMap<Reason, Integer>(Reason.class);
        var runs = new ArrayList<List<Instant>>();
        List<Instant> run = new ArrayList<>();
        Instant previous = null;
        for (var e : values.entrySet()) {
            Instant t = e.getKey();
            Reason why = reason(gaps, t, e.getValue());
            boolean contiguous =
                    previous != null && Duration.between(previous, t).equals(step);
            if (why != null) {
                excluded.merge(why, 1, Integer::sum);
                run = close(runs, run);
                previous = null;
                continue;
            }
            if (!contiguous) {
                run = close(runs, run);
            }
            run.add(t);
            previous = t;
        }
        close(runs, run);
        List<Instant> longest =
                runs.stream().max(java.util.Comparator.comparingInt(List::size)).orElse(List.of());
        int otherRows = runs.stream().mapToInt(List::size).sum() - longest.size();
        double[][] rows = longest.stream().map(values::get).toArray(double[][]::new);
        String source = String.format(Locale.ROOT, "hub %s asset %s, %s .. %s step %s", hub.hub, asset, from, to, step);
        return new Result(
                new CsvSeries(source, tags, longest.toArray(Instant[]::new), rows),
                values.size(),
                excluded,
                Math.max(0, runs.size() - 1),
                otherRows);
    }

    private static List<Instant> close(List<List<Instant>> runs, List<Instant> run) {
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return new ArrayList<>();
    }

    private static Reason reason(List<Gap> gaps, Instant t, double[] row) {
        for (Gap g : gaps) {
            if (!t.isBefore(g.from()) && !t.isAfter(g.to())) {
                return g.reason();
            }
        }
        for (double v : row) {
            if (Double.isNaN(v)) {
                return Reason.NO_DATA;
            }
        }
        return null;
    }

    /** Periods to leave out: a window's span either side of each anomaly event, and fault and maintenance labels. */
    static List<Gap> gaps(HubOptions hub, String asset, Instant from, Instant to, Duration windowSpan) {
        var gaps = new ArrayList<Gap>();
        // the hub answers the newest EVENT_PAGE events before `to`: page backwards until a page is not full
        Instant end = to;
        for (int page = 0; ; page++) {
            String range = "&asset=" + enc(asset) + "&from=" + from + "&to=" + end;
            JsonNode events = json(hub.send("GET", "api/v1/events?type=anomaly" + range, null, null, "reading events"));
            for (JsonNode e : events) {
                Instant t = Instant.parse(e.path("time").asText());
                gaps.add(new Gap(t.minus(windowSpan), t.plus(windowSpan), Reason.ANOMALY_EVENT));
            }
            if (events.size() < EVENT_PAGE) {
                break;
            }
            if (page == MAX_EVENT_PAGES) {
                throw new IllegalStateException("asset " + asset + " has more than " + EVENT_PAGE * MAX_EVENT_PAGES
                        + " anomaly events in " + from + " .. " + to + ": that is no normal period; choose another");
            }
            end = Instant.parse(events.get(0).path("time").asText());
        }
        // a label that began before from still covers the rows after it: ask for every label ending after from
        for (JsonNode l : json(hub.send(
                "GET",
                "api/v1/labels?asset=" + enc(asset) + "&from=" + from + "&to=" + to,
                null,
                null,
                "reading labels"))) {
            String kind = l.path("kind").asText();
            Reason reason = kind.equals("fault")
                    ? Reason.FAULT_LABEL
                    : kind.equals("maintenance") ? Reason.MAINTENANCE_LABEL : null;
            if (reason != null) {
                gaps.add(new Gap(
                        Instant.parse(l.path("from").asText()),
                        Instant.parse(l.path("to").asText()),
                        reason));
            }
        }
        // labels first: a labelled fault names the cause better than the event it raised
        gaps.sort(java.util.Comparator.comparing(g -> g.reason() == Reason.ANOMALY_EVENT));
        return gaps;
    }

    /** The asset's numeric tags, as the hub lists them, in its order. */
    static List<String> tags(HubOptions hub, String asset) {
        for (JsonNode a : json(hub.send("GET", "api/v1/assets", null, null, "listing assets"))) {
            if (a.path("id").asText().equals(asset)) {
                var tags = new ArrayList<String>();
                for (JsonNode t : a.path("tags")) {
                    if (!"string".equals(t.path("dataType").asText())) {
                        tags.add(t.path("id").asText());
                    }
                }
                return tags;
            }
        }
        throw new IllegalArgumentException("--asset " + asset + " is not an asset the hub at " + hub.hub + " knows");
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the hub's answer is not JSON: " + e.getMessage(), e);
        }
    }

    private static double[] nanRow(int n) {
        double[] row = new double[n];
        java.util.Arrays.fill(row, Double.NaN);
        return row;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
