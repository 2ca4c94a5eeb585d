-- The counter tables take an update per changed total or board every few milliseconds, and
-- the histogram's fold deletes and re-inserts rows twice a second: dead rows pile up far
-- faster than autovacuum's default (a fifth of a small table) lets it notice. A fallback
-- rank sums the histogram rows above a total, so its time is the histogram's pages, dead
-- ones included: with 1M dead rows it took 83 ms instead of 4 ms at 1M users
-- (BENCHMARKS.md, section 10). Vacuum these after a fixed number of dead rows instead.
-- HistogramFold also vacuums board_histogram itself, for servers that run without
-- autovacuum. Numbered 1.12 so that it cannot collide with a V2 elsewhere.
alter table board_histogram set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
alter table board_sizes set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
