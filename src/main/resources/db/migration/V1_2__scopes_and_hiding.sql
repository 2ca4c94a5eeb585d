-- Regional and organisation boards, hidden users and erasure (docs/api.md, "Regions and
-- organisations" and "Hiding and erasing users").
-- Numbered 1.2, after V1_1, so that it cannot collide with a V2 elsewhere.

-- A user's current scopes and whether an operator hid them.
alter table users
    add column region text collate "C",
    add column org    text collate "C",
    add column hidden boolean not null default false;
create index users_hidden on users (user_id) where hidden;

-- The same three, denormalised onto every total of the user (past periods too: a scoped
-- board's membership is the user's current scope), so that a scoped board is an index
-- range like the global one. Kept in step in the update, hide and unhide transactions.
alter table period_totals
    add column region text collate "C",
    add column org    text collate "C",
    add column hidden boolean not null default false;

-- The boards in display order, hidden users left out: every fallback read of a board,
-- global or scoped (page, rank, around, friends, stream), says "and not hidden" so that
-- these partial indexes serve it (BoardSql). A partial index rather than hidden as a
-- last column: with a filter inside the index the planner's estimate of a deep page
-- depended on ANALYZE's sample, and it sometimes sorted the board instead.
drop index period_totals_board;
create index period_totals_board on period_totals (period, period_start, total desc, reached_at, user_id)
    where not hidden;
create index period_totals_region on period_totals (period, period_start, region, total desc, reached_at, user_id)
    where region is not null and not hidden;
create index period_totals_org on period_totals (period, period_start, org, total desc, reached_at, user_id)
    where org is not null and not hidden;
-- every row of one user: moves between scopes, hiding, erasure
create index period_totals_user on period_totals (user_id);

-- Members per board per scope ('' global, 'region:eu', 'org:acme'); hidden users are not
-- counted.
alter table board_sizes add column scope text not null default '';
alter table board_sizes drop constraint board_sizes_pkey;
alter table board_sizes add primary key (period, period_start, scope, shard);

-- Every scope ever used, so that sync, warm-up, drift and reset can list the scoped
-- boards without scanning the users.
create table scopes (
    kind text not null check (kind in ('region', 'org')),
    name text collate "C" not null,
    primary key (kind, name)
);

-- What the relay needs besides the user's current state: the scopes the user left in
-- this update (their old boards lose the user), or that the row is an erasure.
alter table outbox
    add column left_region text collate "C",
    add column left_org    text collate "C",
    add column erased      boolean not null default false;
create index outbox_user on outbox (user_id);
create index idempotency_keys_user on idempotency_keys (user_id);

-- Versions come from one sequence instead of counting per user: an id erased and then
-- recorded anew gets versions above all of its old ones, so a late write of the erased
-- user can never win over the new one in Redis.
create sequence user_versions;
select setval('user_versions', greatest(1, (select coalesce(max(version), 0) + 1 from users)));
