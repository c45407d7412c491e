-- When the split fenced its source: the write pause runs from here to the switch, whichever process (or
-- resumed run) finishes it.
alter table splits add column fenced_at timestamptz;
