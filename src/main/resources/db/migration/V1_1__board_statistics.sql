-- A board is (period, period_start), and the two columns are far from independent: a
-- start date belongs to one or two periods only. Without these statistics PostgreSQL
-- multiplies their selectivities and guesses a board five times smaller than it is,
-- which can turn a deep page of the fallback read into a sort instead of an index scan
-- (see docs/explain.md). Numbered 1.1 so that it cannot collide with a V2 elsewhere.
create statistics period_totals_board_stats (ndistinct, dependencies, mcv) on period, period_start
    from period_totals;
