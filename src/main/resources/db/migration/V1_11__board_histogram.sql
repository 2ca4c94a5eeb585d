-- Users per total on each board (a histogram), so that a competition rank without Redis
-- is 1 + a sum over the distinct totals above the user's, not a count of the users above
-- (the fallback rank at 10M users). Pomodoro totals have few distinct values.
--
-- Triggers on period_totals keep it, so every writer (updates, imports, the generator,
-- resets, retention) does without knowing about it. Each connection adds its changes to
-- rows of its own (slot = its backend pid), so concurrent updates never wait on a hot
-- "total = 1" row nor deadlock on it; a background fold (HistogramFold) moves those rows
-- into slot 0, skipping any a transaction still holds. A rank sums every slot of the
-- totals above, so it is exact whether or not a fold ran.
-- Numbered 1.11 so that it cannot collide with a V2 elsewhere.
create table board_histogram (
    period       text    not null,
    period_start date    not null,
    scope        text    not null,
    total        bigint  not null,
    slot         integer not null,
    members      bigint  not null,
    primary key (period, period_start, scope, total, slot)
);
create index board_histogram_unfolded on board_histogram (slot) where slot <> 0;

-- The boards a total counts on: the global board (scope ''), the user's region's and
-- organisation's (as board_sizes names them); hidden users count on none.
create function board_histogram_scopes(region text, org text, hidden boolean) returns setof text
    language sql immutable as $$
    select s from unnest(array['', 'region:' || region, 'org:' || org]) s where s is not null and not hidden
$$;

-- One statement's changes, summed per board and total: +1 per row at its new total (and
-- scopes), -1 at its old one. (A transition table exists only for the events that have
-- it, hence the three statements.)
create function board_histogram_record() returns trigger language plpgsql as $$
begin
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

create trigger period_totals_histogram_insert after insert on period_totals
    referencing new table as new_rows for each statement execute function board_histogram_record();
create trigger period_totals_histogram_update after update on period_totals
    referencing old table as old_rows new table as new_rows for each statement execute function board_histogram_record();
create trigger period_totals_histogram_delete after delete on period_totals
    referencing old table as old_rows for each statement execute function board_histogram_record();

create function board_histogram_clear() returns trigger language plpgsql as $$
begin
    truncate board_histogram;
    return null;
end
$$;

create trigger period_totals_histogram_truncate after truncate on period_totals
    for each statement execute function board_histogram_clear();

insert into board_histogram (period, period_start, scope, total, slot, members)
select r.period, r.period_start, s.scope, r.total, 0, count(*)
from period_totals r, board_histogram_scopes(r.region, r.org, r.hidden) s(scope)
group by r.period, r.period_start, s.scope, r.total;
