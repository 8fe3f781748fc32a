-- Call events for the host's webhook are read from the call log itself (a call's ring, answer and end are
-- there, written with it): this table only remembers which were found and delivered, so an event is never
-- lost to a crash between a call's write and its event's, and the hot path writes nothing more.
create table host_deliveries (
  event_id text primary key,
  call_id uuid not null,
  type text not null,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  last_error text,
  created_at timestamptz not null default now()
);
create index host_deliveries_due_idx on host_deliveries (next_attempt_at) where delivered_at is null;
-- Where the host's webhook was first switched on: calls from before it are not announced.
create table host_webhook_state (id integer primary key check (id = 1), since timestamptz not null);
create index call_logs_updated_idx on call_logs (updated_at);
