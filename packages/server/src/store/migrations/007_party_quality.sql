-- Each party's own quality summary of its call, as its client reported it at the end (never the server's facts).
alter table call_logs add column caller_quality jsonb;
alter table call_logs add column receiver_quality jsonb;
