-- A split is history: it names the cells it moved data between even after one of them is removed
-- ('cell remove'), so its cell names no longer reference the live cell registry.
alter table splits drop constraint splits_source_fkey;
alter table splits drop constraint splits_target_fkey;
