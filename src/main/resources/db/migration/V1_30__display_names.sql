-- Names people see (docs/api.md, "Names"): stored as sent, stripped but not normalised;
-- null when the user has none. Numbered 1.30 so that it cannot collide with a V2
-- elsewhere.
alter table users add column display_name text;
