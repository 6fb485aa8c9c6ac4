-- Vigil hub schema, version 2: rollups of samples per minute and per hour, kept by io.vigil.hub.store.Rollups off the
-- ingest commit path. Each row holds enough to answer avg (sum / n), min, max and last exactly for any step that is a
-- whole number of its buckets. n counts samples with a value (BAD samples carry none); a bucket whose samples were
-- all BAD still has a row, with n = 0 and NULL aggregates, as the raw query gives.

CREATE TABLE samples_1m (
    series_id  integer          NOT NULL,
    bucket     timestamptz      NOT NULL,
    n          bigint           NOT NULL,
    sum        double precision NULL,
    min        double precision NULL,
    max        double precision NULL,
    last_ts    timestamptz      NULL,
    last_value double precision NULL,
    PRIMARY KEY (series_id, bucket)
);
CREATE INDEX samples_1m_bucket ON samples_1m (bucket);

CREATE TABLE samples_1h (LIKE samples_1m INCLUDING ALL);

-- Time ranges [lo, hi] of committed samples not yet rolled up: every ingest transaction that adds samples adds one
-- row here (same transaction, so a reader sees the samples and their dirty range together). The rollup job consumes
-- them; a query trusts the rollups only before the earliest dirty range it overlaps.
-- "at" is when the range was committed (by the hub's clock): the job leaves a range alone while it is still being
-- written to, so a back-fill streaming into one old minute is not re-aggregated again and again.
CREATE TABLE rollup_dirty (
    id bigserial   PRIMARY KEY,
    lo timestamptz NOT NULL,
    hi timestamptz NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

-- Samples stored before this version are rolled up by the first pass.
INSERT INTO rollup_dirty (lo, hi) SELECT min(ts), max(ts) FROM samples HAVING count(*) > 0;
