-- Less PostgreSQL work per update (docs/consistency.md, "PostgreSQL's work per update").
-- Numbered 1.72 so that it cannot collide with the migrations of other features.

-- The histogram (V1_11): the update's totals statement (ScopedUpdates) counts its own
-- changes in the same statement, from the totals it returns, and says so in a
-- transaction-local setting stamped with its own start time. The triggers skip that one
-- statement and keep counting every other writer's (moves, hiding, erasure, imports,
-- resets, retention, plain SQL), as before. Without this, every batch paid two more
-- plpgsql calls, each planning and running a query over the statement's transition
-- tables. statement_timestamp() is the same for a statement and its AFTER triggers and
-- differs between two statements of a transaction, so a later statement is counted
-- again whatever the setting still holds.
create or replace function board_histogram_record() returns trigger language plpgsql as $$
begin
    if current_setting('leaderboard.histogram_counted_at', true) = statement_timestamp()::text then
        return null;
    end if;
    if tg_op = 'INSERT' then
        insert into board_histogram (period, period_start, scope, total, slot, members)
        select r.period, r.period_start, s.scope, r.total, pg_backend_pid(), count(*)
        from new_rows r, board_histogram_scopes(r.region, r.org, r.hidden) s(scope)
        group by r.period, r.period_start, s.scope, r.total
        order by r.period, r.period_start, s.scope, r.total
        on conflict (period, period_start, scope, total, slot) do update
            set members = board_histogram.members + excluded.members;
    elsif tg_op = 'DELETE' then
        insert into board_histogram (period, period_start, scope, total, slot, members)
        select r.period, r.period_start, s.scope, r.total, pg_backend_pid(), -count(*)
        from old_rows r, board_histogram_scopes(r.region, r.org, r.hidden) s(scope)
        group by r.period, r.period_start, s.scope, r.total
        order by r.period, r.period_start, s.scope, r.total
        on conflict (period, period_start, scope, total, slot) do update
            set members = board_histogram.members + excluded.members;
    else
        insert into board_histogram (period, period_start, scope, total, slot, members)
        select period, period_start, scope, total, pg_backend_pid(), sum(delta)
        from (select r.period, r.period_start, s.scope, r.total, 1 as delta
              from new_rows r, board_histogram_scopes(r.region, r.org, r.hidden) s(scope)
              union all
              select r.period, r.period_start, s.scope, r.total, -1
              from old_rows r, board_histogram_scopes(r.region, r.org, r.hidden) s(scope)) changed
        group by period, period_start, scope, total
        having sum(delta) <> 0
        order by period, period_start, scope, total
        on conflict (period, period_start, scope, total, slot) do update
            set members = board_histogram.members + excluded.members;
    end if;
    return null;
end
$$;

-- The outbox: one row for a batch's users instead of one per user (user_ids), so that a
-- batch inserts, indexes and later deletes one row. A user who left a scope in the batch
-- keeps a row of their own (user_id with left_region, left_org), as do hiding, names and
-- erasure. Rows of the old shape stay valid.
alter table outbox alter column user_id drop not null;
alter table outbox add column user_ids text[];
alter table outbox add constraint outbox_user_or_users check ((user_id is null) <> (user_ids is null));
-- a user's own rows (erasure looks them up); a batch's row has no user_id to index
drop index outbox_user;
create index outbox_user on outbox (user_id) where user_id is not null;
