-- Vigil hub schema, version 1. Applied once by io.vigil.hub.store.Migrator inside one transaction.

CREATE TABLE agents (
    id         text PRIMARY KEY,
    grp        text        NOT NULL,
    status     text        NOT NULL,
    bd_seq     bigint      NOT NULL DEFAULT -1,
    updated_at timestamptz NOT NULL
);

CREATE TABLE assets (
    id         text PRIMARY KEY,
    agent      text        NOT NULL,
    protocol   text        NOT NULL DEFAULT '',
    device     text        NOT NULL DEFAULT '',
    status     text        NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX assets_agent ON assets (agent);

CREATE TABLE series (
    id    serial PRIMARY KEY,
    asset text NOT NULL REFERENCES assets (id),
    tag   text NOT NULL,
    unit  text NOT NULL DEFAULT '',
    UNIQUE (asset, tag)
);

-- No foreign key to series: a hypertable insert path stays cheap, and series rows are never deleted.
CREATE TABLE samples (
    series_id integer          NOT NULL,
    ts        timestamptz      NOT NULL,
    value     double precision NULL,
    quality   smallint         NOT NULL,
    PRIMARY KEY (series_id, ts)
);

CREATE TABLE scores (
    asset text             NOT NULL,
    model text             NOT NULL,
    ts    timestamptz      NOT NULL,
    value double precision NOT NULL,
    PRIMARY KEY (asset, model, ts)
);

CREATE TABLE events (
    id        bigserial PRIMARY KEY,
    type      text             NOT NULL,
    asset     text             NOT NULL,
    ts        timestamptz      NOT NULL,
    model     text             NOT NULL,
    score     double precision NULL,
    threshold double precision NULL,
    detail    jsonb            NULL,
    UNIQUE (type, asset, model, ts)
);
CREATE INDEX events_ts ON events (ts);
