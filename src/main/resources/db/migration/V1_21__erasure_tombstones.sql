-- Erasure leaves a tombstone instead of nothing (docs/consistency.md, "Erasure"). Numbered
-- 1.21 so that it cannot collide with a V2 elsewhere.

-- A one-way digest of a user id: what the tombstones hold instead of the id itself, so
-- that an erased id is nowhere in the database. Bytes, not text: no collation, so a
-- lookup by the digest of a "C" column or of a parameter uses the primary key alike.
create function user_digest(user_id text) returns bytea
    language sql immutable strict parallel safe as $$
    select sha256(convert_to(user_id, 'UTF8'))
$$;

-- One row per erased id: the version its erasure took from user_versions, above every
-- version the erased user had. An id recorded anew gets versions above it, and its first
-- writes to Redis replace whatever an older incarnation left there (a plain ZADD, not
-- ZADD LT), since that erasure may not have reached Redis yet.
create table erasures (
    digest    bytea       primary key,
    version   bigint      not null,
    erased_at timestamptz not null default clock_timestamp()
);

-- The scopes each user left, so that an erasure reaches their boards there too (their
-- membership guards name the user) by the user's own record rather than by a scan of
-- Redis. Written by a trigger, so no writer that moves users needs to know about it; an
-- update that keeps both scopes does not fire it. Erasure deletes the user's rows.
create table scope_departures (
    user_id text collate "C" not null,
    scope   text collate "C" not null,
    left_at timestamptz not null default clock_timestamp(),
    primary key (user_id, scope)
);

create function scope_departures_record() returns trigger language plpgsql as $$
begin
    if old.region is not null and old.region is distinct from new.region then
        insert into scope_departures (user_id, scope) values (old.user_id, 'region:' || old.region)
        on conflict (user_id, scope) do update set left_at = excluded.left_at;
    end if;
    if old.org is not null and old.org is distinct from new.org then
        insert into scope_departures (user_id, scope) values (old.user_id, 'org:' || old.org)
        on conflict (user_id, scope) do update set left_at = excluded.left_at;
    end if;
    return null;
end
$$;

create trigger users_scope_departures after update of region, org on users for each row
    when (old.region is distinct from new.region or old.org is distinct from new.org)
    execute function scope_departures_record();

-- An erasure's outbox rows carry the erasure's version: the relay's Redis writes are
-- guarded by it, so that they never take away a user recorded anew since.
alter table outbox add column version bigint;

-- Erasure rows still waiting from before: a version above everything, and a tombstone,
-- for the ids not recorded anew since; the others are already someone new.
update outbox o set version = nextval('user_versions')
where erased and version is null and not exists (select 1 from users u where u.user_id = o.user_id);
delete from outbox where erased and version is null;
insert into erasures (digest, version)
select user_digest(user_id), max(version) from outbox where erased group by 1
on conflict (digest) do nothing;
