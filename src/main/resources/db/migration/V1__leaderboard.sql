-- PostgreSQL holds the truth; Redis is rebuilt from these tables at any time.
-- user_id uses the "C" collation so that ties order by user_id exactly as Redis orders
-- equal sorted-set scores: by bytes.

create table users (
    user_id    text collate "C" primary key,
    -- grows by one with every update; guards the Redis user cache against late writes
    version    bigint      not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    -- database time of the last change, independent of the service's clock; a cache
    -- rebuild re-applies the users changed while it ran
    changed_at timestamptz not null default clock_timestamp()
);
create index users_changed_at on users (changed_at);

-- One row per user per period instance with pomodoros in it. Past periods are kept.
create table period_totals (
    period       text        not null check (period in ('daily', 'weekly', 'monthly', 'yearly')),
    period_start date        not null,
    user_id      text collate "C" not null references users (user_id),
    total        bigint      not null check (total > 0),
    -- when the user reached this total (whole seconds): the earlier one ranks first in a tie
    reached_at   timestamptz not null,
    primary key (period, period_start, user_id)
);
-- The board in display order: the top of a board, a page and a rank's count of users
-- above are all index(-only) scans on this index.
create index period_totals_board on period_totals (period, period_start, total desc, reached_at, user_id);

-- Members per board, kept in the update's transaction so that a board's size is a lookup,
-- never a count. Sharded by user so that first updates of the day do not queue on one row.
create table board_sizes (
    period       text     not null,
    period_start date     not null,
    shard        smallint not null,
    members      bigint   not null,
    primary key (period, period_start, shard)
);

create table idempotency_keys (
    key          text        primary key,
    request_hash text        not null,
    user_id      text        not null,
    created_at   timestamptz not null
);
create index idempotency_keys_created_at on idempotency_keys (created_at);

-- Written in the update's transaction; the relay applies a row's user to Redis and deletes
-- it. A crash or a Redis outage between commit and Redis write is repaired from here.
create table outbox (
    id         bigserial   primary key,
    user_id    text collate "C" not null,
    created_at timestamptz not null default clock_timestamp()
);
