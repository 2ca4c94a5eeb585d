-- A checksum of every board (docs/consistency.md, "Checksums"), so that the start-up and
-- drift checks compare Redis with PostgreSQL without reading members: per board (bucket
-- -1) and per bucket of users, the sums over the board's members of two terms of (user,
-- total) (checksum and checksum_b: 64 bits together). Redis keeps the same sums beside each board, in the scripts that change it
-- (checksum.lua); app.leaderboard.core.BoardChecksum defines the terms for both and
-- says why they are what they are.
--
-- Triggers on period_totals keep it, as they keep the board histogram (V1_11), so every
-- writer (updates, moves, hiding, erasure, imports, resets, retention) does without
-- knowing about it, and a row lock on a board's sum never queues one batch behind another
-- batch of another instance: each connection adds to rows of its own (slot = its backend
-- pid), folded into slot 0 by ChecksumFold. A sum is that of every slot.
-- Numbered 1.71 so that it cannot collide with a V2 elsewhere.
create table board_checksums (
    period       text    not null,
    period_start date    not null,
    scope        text    not null,
    -- -1 for the whole board
    bucket       integer not null,
    slot         integer not null,
    checksum     bigint  not null,
    checksum_b   bigint  not null,
    primary key (period, period_start, scope, bucket, slot)
);
create index board_checksums_unfolded on board_checksums (slot) where slot <> 0;
-- folds delete and re-insert rows twice a second (see V1_12)
alter table board_checksums set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);

-- The functions below are plain SQL expressions, not plpgsql: the planner inlines them
-- into the triggers' and the count's queries, so a row costs a few arithmetic operators
-- instead of three interpreted function calls (the count over the existing totals, below,
-- is one pass at a few seconds per million rows).

-- The first 48 bits of the user's digest (user_digest, SHA-256 of the id), as a number.
create function board_check_key(user_id text) returns bigint
    language sql immutable strict parallel safe as $$
    select ('x' || left(encode(user_digest(user_id), 'hex'), 12))::bit(48)::bigint
$$;

-- The key's bucket on a board of that scope: its top 10 bits on the global board (1024
-- buckets), its top 6 on a region's or organisation's (64).
create function board_check_bucket(key bigint, scope text) returns integer
    language sql immutable strict parallel safe as $$
    select (key >> case when scope = '' then 38 else 42 end)::integer
$$;

-- What one member adds: a 32-bit hash of the key's low 32 bits xor the total, plus one.
-- The hash is two rounds of x := (x xor x >> 16) * multiplier mod 2^32 (the multiplier
-- below 2^27: no bigint overflow), then x xor x >> 16. It is written out as one
-- expression, each round's input repeated, because only a single-expression SQL function
-- is inlined.
create function board_check_term(key bigint, total bigint) returns bigint
    language sql immutable strict parallel safe as $$
    select (((((((((key & 4294967295) # (total & 4294967295)) # (((key & 4294967295) # (total & 4294967295)) >> 16)) * 73244475 & 4294967295)) # ((((((key & 4294967295) # (total & 4294967295)) # (((key & 4294967295) # (total & 4294967295)) >> 16)) * 73244475 & 4294967295)) >> 16)) * 73244475 & 4294967295)) # (((((((((key & 4294967295) # (total & 4294967295)) # (((key & 4294967295) # (total & 4294967295)) >> 16)) * 73244475 & 4294967295)) # ((((((key & 4294967295) # (total & 4294967295)) # (((key & 4294967295) # (total & 4294967295)) >> 16)) * 73244475 & 4294967295)) >> 16)) * 73244475 & 4294967295)) >> 16)) + 1
$$;

-- The second term: the same hash, with another multiplier, of the key's bits 10-41.
create function board_check_term_b(key bigint, total bigint) returns bigint
    language sql immutable strict parallel safe as $$
    select ((((((((((key >> 10) & 4294967295) # (total & 4294967295)) # ((((key >> 10) & 4294967295) # (total & 4294967295)) >> 16)) * 63369013 & 4294967295)) # (((((((key >> 10) & 4294967295) # (total & 4294967295)) # ((((key >> 10) & 4294967295) # (total & 4294967295)) >> 16)) * 63369013 & 4294967295)) >> 16)) * 63369013 & 4294967295)) # ((((((((((key >> 10) & 4294967295) # (total & 4294967295)) # ((((key >> 10) & 4294967295) # (total & 4294967295)) >> 16)) * 63369013 & 4294967295)) # (((((((key >> 10) & 4294967295) # (total & 4294967295)) # ((((key >> 10) & 4294967295) # (total & 4294967295)) >> 16)) * 63369013 & 4294967295)) >> 16)) * 63369013 & 4294967295)) >> 16)) + 1
$$;

-- One statement's changes, summed per board and bucket and per board: + the term of each
-- row at its new total and scopes, - at its old ones (board_histogram_scopes: hidden users
-- count on no board). The key and the terms are worked out once per row (materialized),
-- not once per scope. An update that changes none of total, scopes and hiding changes
-- nothing here.
create function board_checksums_record() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into board_checksums (period, period_start, scope, bucket, slot, checksum, checksum_b)
        with c as materialized (
            select r.period, r.period_start, r.region, r.org, r.hidden, k.key,
                board_check_term(k.key, r.total) as term, board_check_term_b(k.key, r.total) as term_b
            from new_rows r, lateral (select board_check_key(r.user_id) as key offset 0) k
        )
        select period, period_start, scope, coalesce(bucket, -1), pg_backend_pid(), sum(term), sum(term_b)
        from (select c.period, c.period_start, s.scope, board_check_bucket(c.key, s.scope) as bucket, c.term, c.term_b
              from c, board_histogram_scopes(c.region, c.org, c.hidden) s(scope)) changed
        group by grouping sets ((period, period_start, scope, bucket), (period, period_start, scope))
        order by 1, 2, 3, 4
        on conflict (period, period_start, scope, bucket, slot) do update
            set checksum = board_checksums.checksum + excluded.checksum,
                checksum_b = board_checksums.checksum_b + excluded.checksum_b;
    elsif tg_op = 'DELETE' then
        insert into board_checksums (period, period_start, scope, bucket, slot, checksum, checksum_b)
        with c as materialized (
            select r.period, r.period_start, r.region, r.org, r.hidden, k.key,
                board_check_term(k.key, r.total) as term, board_check_term_b(k.key, r.total) as term_b
            from old_rows r, lateral (select board_check_key(r.user_id) as key offset 0) k
        )
        select period, period_start, scope, coalesce(bucket, -1), pg_backend_pid(), -sum(term), -sum(term_b)
        from (select c.period, c.period_start, s.scope, board_check_bucket(c.key, s.scope) as bucket, c.term, c.term_b
              from c, board_histogram_scopes(c.region, c.org, c.hidden) s(scope)) changed
        group by grouping sets ((period, period_start, scope, bucket), (period, period_start, scope))
        order by 1, 2, 3, 4
        on conflict (period, period_start, scope, bucket, slot) do update
            set checksum = board_checksums.checksum + excluded.checksum,
                checksum_b = board_checksums.checksum_b + excluded.checksum_b;
    else
        insert into board_checksums (period, period_start, scope, bucket, slot, checksum, checksum_b)
        with c as materialized (
            select coalesce(n.period, o.period) as period, coalesce(n.period_start, o.period_start) as period_start,
                board_check_key(coalesce(n.user_id, o.user_id)) as key,
                o.total as old_total, o.region as old_region, o.org as old_org, o.hidden as old_hidden,
                n.total as new_total, n.region as new_region, n.org as new_org, n.hidden as new_hidden
            from new_rows n full join old_rows o
                on o.period = n.period and o.period_start = n.period_start and o.user_id = n.user_id
            where o.user_id is null or n.user_id is null or o.total <> n.total or o.hidden <> n.hidden
                or o.region is distinct from n.region or o.org is distinct from n.org
        ), t as materialized (
            select period, period_start, key, old_region, old_org, old_hidden, new_region, new_org, new_hidden,
                board_check_term(key, old_total) as old_term, board_check_term(key, new_total) as new_term,
                board_check_term_b(key, old_total) as old_term_b, board_check_term_b(key, new_total) as new_term_b
            from c
        ), changed as (
            select t.period, t.period_start, s.scope, board_check_bucket(t.key, s.scope) as bucket,
                t.new_term as term, t.new_term_b as term_b
            from t, board_histogram_scopes(t.new_region, t.new_org, t.new_hidden) s(scope)
            where t.new_term is not null
            union all
            select t.period, t.period_start, s.scope, board_check_bucket(t.key, s.scope), -t.old_term, -t.old_term_b
            from t, board_histogram_scopes(t.old_region, t.old_org, t.old_hidden) s(scope)
            where t.old_term is not null
        )
        select period, period_start, scope, coalesce(bucket, -1), pg_backend_pid(), sum(term), sum(term_b)
        from changed
        group by grouping sets ((period, period_start, scope, bucket), (period, period_start, scope))
        having sum(term) <> 0 or sum(term_b) <> 0
        order by 1, 2, 3, 4
        on conflict (period, period_start, scope, bucket, slot) do update
            set checksum = board_checksums.checksum + excluded.checksum,
                checksum_b = board_checksums.checksum_b + excluded.checksum_b;
    end if;
    return null;
end
$$;

create trigger period_totals_checksums_insert after insert on period_totals
    referencing new table as new_rows for each statement execute function board_checksums_record();
create trigger period_totals_checksums_update after update on period_totals
    referencing old table as old_rows new table as new_rows for each statement execute function board_checksums_record();
create trigger period_totals_checksums_delete after delete on period_totals
    referencing old table as old_rows for each statement execute function board_checksums_record();

create function board_checksums_clear() returns trigger language plpgsql as $$
begin
    truncate board_checksums;
    return null;
end
$$;

create trigger period_totals_checksums_truncate after truncate on period_totals
    for each statement execute function board_checksums_clear();

-- The sums of the boards there are, counted afresh: one pass over the totals, the key and
-- term worked out once per row. Run below for the existing totals, and by BulkCopy after a
-- load that ran with triggers off.
create function board_checksums_count() returns void language sql as $$
delete from board_checksums;
insert into board_checksums (period, period_start, scope, bucket, slot, checksum, checksum_b)
select period, period_start, scope, coalesce(bucket, -1), 0, sum(term), sum(term_b)
from (
    select t.period, t.period_start, s.scope, board_check_bucket(t.key, s.scope) as bucket, t.term, t.term_b
    from (
        select period, period_start, region, org, hidden, key, board_check_term(key, total) as term,
            board_check_term_b(key, total) as term_b
        from (select period, period_start, region, org, hidden, total, board_check_key(user_id) as key
              from period_totals offset 0) k
        offset 0
    ) t, board_histogram_scopes(t.region, t.org, t.hidden) s(scope)
) changed
group by grouping sets ((period, period_start, scope, bucket), (period, period_start, scope));
$$;

select board_checksums_count();

-- A check asks which ids were erased while it ran (as digests: the ids are gone), so that
-- an erasure between its PostgreSQL commit and its Redis write is not taken for drift.
create index erasures_erased_at on erasures (erased_at);
