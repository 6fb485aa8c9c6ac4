-- Vigil hub schema, version 5: labels people put on events and time ranges (what really happened), with who and when.
-- Training leaves out ranges labelled fault or maintenance; the rollout rule's labelled-accuracy branch reads them.
-- A label of an event (event_id) covers that event's time unless the request gave a wider range. No foreign key to
-- events: a label is a person's statement and outlives whatever retention does to the event it was made on.

CREATE TABLE labels (
    id         bigserial PRIMARY KEY,
    asset      text        NOT NULL,
    from_ts    timestamptz NOT NULL,
    to_ts      timestamptz NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('fault', 'false_alarm', 'maintenance', 'normal')),
    event_id   bigint      NULL,
    note       text        NOT NULL DEFAULT '',
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (to_ts >= from_ts)
);
CREATE INDEX labels_asset_time ON labels (asset, from_ts);
CREATE INDEX labels_event ON labels (event_id) WHERE event_id IS NOT NULL;
