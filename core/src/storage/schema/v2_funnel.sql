-- Schema v2, the funnel counters (SCORE-8): each opportunity's contribution, summed per pipeline, month and owner.
-- owner_id '' stands for no owner.
-- Counters back at zero are removed (a row exists only while it counts something).

CREATE TABLE opportunity_funnel (
    opportunity_id TEXT PRIMARY KEY REFERENCES opportunities (id),
    contribution   TEXT NOT NULL                -- JSON: the counters this opportunity adds
) STRICT, WITHOUT ROWID;

-- Opportunities by the month they were created and the highest stage position they reached.
CREATE TABLE funnel_reach (
    pipeline_id   TEXT NOT NULL,
    period        TEXT NOT NULL,                -- YYYY-MM, local
    owner_id      TEXT NOT NULL,
    reach         INTEGER NOT NULL,
    opportunities INTEGER NOT NULL,
    amount        INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, period, owner_id, reach)
) STRICT, WITHOUT ROWID;

-- Completed stage visits of the opportunities created in a month.
CREATE TABLE funnel_stage_time (
    pipeline_id TEXT NOT NULL,
    period      TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    stage_id    TEXT NOT NULL,
    visits      INTEGER NOT NULL,
    seconds     INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, period, owner_id, stage_id)
) STRICT, WITHOUT ROWID;

-- Opportunities closed in a month, by outcome (won: amount and seconds from creation to won).
CREATE TABLE funnel_outcomes (
    pipeline_id   TEXT NOT NULL,
    period        TEXT NOT NULL,
    owner_id      TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    opportunities INTEGER NOT NULL,
    amount        INTEGER NOT NULL,
    seconds       INTEGER NOT NULL,
    PRIMARY KEY (pipeline_id, period, owner_id, outcome)
) STRICT, WITHOUT ROWID;
