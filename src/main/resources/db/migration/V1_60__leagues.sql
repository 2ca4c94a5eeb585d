-- Leagues (docs/api.md, "Leagues"; docs/consistency.md, "League listings"). Numbered 1.60
-- so that it cannot collide with the migrations of other features.

-- One row per season and tier: how many users joined it. A join takes the next number
-- under this row's lock (an upsert), inside the update's transaction: joiner k (from 0)
-- goes to group k / size + 1, so groups fill one after the other, never past size and
-- never with a gap, whatever the number of instances. Every joiner counts, also one
-- hidden or erased later. size is the group size of the season's first join, so that a
-- changed setting never reshapes a season already under way.
create table league_tiers (
    period       text     not null,
    season_start date     not null,
    tier         smallint not null,
    size         integer  not null,
    joiners      integer  not null,
    primary key (period, season_start, tier)
);

-- One row per group that exists. closed_at is set once the group's results are fixed
-- (LeagueResults): the first join, read, hide, unhide or erasure that needs them after the
-- season's end, or retention before it deletes the season's totals. listed is the number of
-- members listed then (n of the formula).
create table league_groups (
    period       text        not null,
    season_start date        not null,
    tier         smallint    not null,
    group_no     integer     not null,
    closed_at    timestamptz,
    listed       integer,
    primary key (period, season_start, tier, group_no)
);
create index league_groups_open on league_groups (period, season_start) where closed_at is null;

-- A user's place in a season. result is null while the season runs, and stays null for a
-- member hidden or erased at its end (no result: they keep their tier).
create table league_members (
    period       text        not null,
    season_start date        not null,
    user_id      text collate "C" not null,
    tier         smallint    not null,
    group_no     integer     not null,
    result       text check (result in ('promoted', 'stayed', 'demoted')),
    joined_at    timestamptz not null default clock_timestamp(),
    primary key (period, season_start, user_id)
);
create index league_members_group on league_members (period, season_start, tier, group_no);
-- a user's last season, for the tier of their next join
create index league_members_user on league_members (user_id, period, season_start desc);
