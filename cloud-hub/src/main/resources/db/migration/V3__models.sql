-- Vigil hub schema, version 3: the model registry. Applied once by io.vigil.hub.store.Migrator in one transaction.
-- Package files live on disk under the hub's data directory (packages/SHA256.zip); these tables hold what they are.

CREATE TABLE models (
    id         text PRIMARY KEY,
    kind       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- stage: registered (uploaded, not assigned), shadow, canary, promoted, rolled_back, retired.
CREATE TABLE model_versions (
    model          text        NOT NULL REFERENCES models (id),
    version        text        NOT NULL,
    kind           text        NOT NULL,
    sha256         text        NOT NULL,
    package_sha256 text        NOT NULL,
    manifest       jsonb       NOT NULL,
    size           bigint      NOT NULL,
    uploaded_at    timestamptz NOT NULL,
    uploaded_by    text        NOT NULL,
    stage          text        NOT NULL,
    stage_by       text        NOT NULL,
    stage_at       timestamptz NOT NULL,
    PRIMARY KEY (model, version)
);

-- every stage a version entered, by whom (a user, or agent:ID for a decision an agent took) and when
CREATE TABLE model_assignments (
    id      bigserial PRIMARY KEY,
    model   text        NOT NULL,
    version text        NOT NULL,
    stage   text        NOT NULL,
    actor   text        NOT NULL,
    at      timestamptz NOT NULL,
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
CREATE INDEX model_assignments_model ON model_assignments (model, at);

-- rollout decisions reported by agents, with the figures they were taken on
CREATE TABLE model_decisions (
    id         bigserial PRIMARY KEY,
    model      text        NOT NULL,
    version    text        NOT NULL,
    agent      text        NOT NULL,
    ts         timestamptz NOT NULL,
    from_stage text        NOT NULL,
    to_stage   text        NOT NULL,
    reason     text        NOT NULL,
    figures    jsonb       NOT NULL
);
CREATE INDEX model_decisions_model ON model_decisions (model, ts);
