-- How long a call had a camera on, in whole seconds (null: video was never used in it).
alter table call_logs add column video_seconds integer;
