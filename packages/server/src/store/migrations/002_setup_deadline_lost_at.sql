-- An answered call's deadline to connect its media, and when a dropped party was lost (a call that ends
-- connection_lost bills talk only up to then).
alter table call_logs add column setup_deadline timestamptz;
alter table call_logs add column lost_at timestamptz;
