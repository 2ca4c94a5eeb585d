-- The webhook's outbox (docs/api.md, "Webhook"). Numbered 1.50 so that it cannot collide
-- with the migrations of the features built beside it (1.30 and below).

-- When the service first ran on this database (its injected clock): a fact, kept once.
create table service_origin (
    only_row  boolean     primary key default true check (only_row),
    first_run timestamptz not null
);

-- One row per stream of events (period.ended:daily, ..., and later league.season_ended):
-- every boundary of the stream up to made_until has its event. An event is made in the
-- transaction that moves its stream's row, under that row's lock, so that however many
-- instances tick, each boundary gets one event. A stream starts at the first start with
-- a webhook URL (on a new database, the first run): earlier boundaries send nothing.
create table webhook_streams (
    stream     text        primary key,
    made_until timestamptz not null
);

-- Events to deliver, one row each, whatever their kind: a new kind is only a new stream
-- that makes rows here (notify.EventStream). The body is fixed when the event is made:
-- the exact bytes sent and signed on every attempt.
create table webhook_events (
    id              text        primary key,
    seq             bigserial   not null,
    kind            text        not null,
    -- what ended, unique per kind: 'daily/2026-11-25'
    subject         text        not null,
    -- the boundary (ended_at): events go out in this order
    boundary        timestamptz not null,
    body            bytea       not null,
    made_at         timestamptz not null,
    -- no attempt after this (made_at + 24 hours)
    give_up_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        integer     not null default 0,
    -- the sender's lease on this event while it sends: one sender at a time across
    -- instances (a lapsed lease is taken over)
    claim           text,
    claimed_until   timestamptz,
    last_outcome    text,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    unique (kind, subject)
);
create index webhook_events_pending on webhook_events (boundary, seq)
    where delivered_at is null and failed_at is null;
