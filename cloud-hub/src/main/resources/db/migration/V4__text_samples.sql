-- Vigil hub schema, version 4: series of text (Modbus string tags, Sparkplug String metrics) and what each series is.
-- Text samples live in their own table so the numeric samples table, its COPY ingest path, its rollups and its layout
-- (hypertable, BRIN, partitions) stay as they are. A BAD text sample has a NULL value, as a BAD numeric one does.

ALTER TABLE series ADD COLUMN data_type text NOT NULL DEFAULT 'double'
    CHECK (data_type IN ('double', 'string'));
ALTER TABLE series ADD COLUMN source_protocol text NOT NULL DEFAULT '';

-- No foreign key to series, as for samples: series rows are never deleted.
CREATE TABLE samples_text (
    series_id integer     NOT NULL,
    ts        timestamptz NOT NULL,
    value     text        NULL,
    quality   smallint    NOT NULL,
    PRIMARY KEY (series_id, ts)
);
