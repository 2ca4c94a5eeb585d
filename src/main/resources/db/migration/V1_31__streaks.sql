-- Streaks (docs/api.md, "Streaks"): kept with the user, in the update's transaction, never
-- recomputed from daily totals, so that retention of old daily totals changes none of
-- them. streak_run is the number of consecutive counting days ending at streak_last_day;
-- what a reader calls "current" is that run while streak_last_day is today or yesterday,
-- and 0 otherwise. Numbered 1.31 so that it cannot collide with a V2 elsewhere.
alter table users
    add column streak_run      integer not null default 0,
    add column streak_longest  integer not null default 0,
    add column streak_last_day date;

-- The run after a counting day: the same day (or an earlier one, committed late) keeps
-- it, the next day extends it, any later day starts a new one.
create function streak_after(run integer, last_day date, day date) returns integer
    language sql immutable parallel safe as $$
    select case when last_day is null then 1
                when day <= last_day then run
                when day = last_day + 1 then run + 1
                else 1 end
$$;

-- The streak list of a day and its eve (two days per read, hidden users left out): a
-- range of these per scope, never a scan of the users.
create index users_streaks on users (streak_last_day, streak_run desc, user_id)
    where streak_last_day is not null and not hidden;
create index users_streaks_region on users (region, streak_last_day, streak_run desc, user_id)
    where streak_last_day is not null and region is not null and not hidden;
create index users_streaks_org on users (org, streak_last_day, streak_run desc, user_id)
    where streak_last_day is not null and org is not null and not hidden;

-- Users recorded before streaks existed get theirs from the daily totals kept so far:
-- each run of consecutive days is an island (day minus its row number is constant).
with days as (
    select user_id, period_start as day,
           period_start - (row_number() over (partition by user_id order by period_start))::integer as island
    from period_totals where period = 'daily'
), islands as (
    select user_id, island, count(*)::integer as length, max(day) as last_day from days group by user_id, island
), streaks as (
    select user_id, max(length) as longest, max(last_day) as last_day,
           (array_agg(length order by last_day desc))[1] as run
    from islands group by user_id
)
update users u set streak_run = s.run, streak_longest = s.longest, streak_last_day = s.last_day
from streaks s where s.user_id = u.user_id;
