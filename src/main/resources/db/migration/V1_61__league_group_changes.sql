-- When a league group's listing last changed (docs/consistency.md, "League listings"):
-- set by the statement that hands out places in it (a join) and by the hide, unhide or
-- erasure of one of its members, all with PostgreSQL's own clock. The league check reads
-- the groups changed since its last run through the index and drops their cached
-- listings in Redis, so that the listings can live for their season rather than for one
-- drift interval. now() as the default: existing rows take the migration's time without a
-- rewrite of the table (a volatile default would rewrite it), and are dropped once.
alter table league_groups add column changed_at timestamptz not null default now();
create index league_groups_changed on league_groups (changed_at);
