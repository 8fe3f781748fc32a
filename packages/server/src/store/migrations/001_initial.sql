-- Users and bookings: the host marketplace owns these in real life; a minimal version lets the system run whole.
create table users (
  id uuid primary key,
  name text not null,
  phone text not null unique,
  role text not null check (role in ('user', 'provider')),
  password_hash text not null,
  service_name text,
  relay_only boolean not null default false,
  created_at timestamptz not null default now()
);

create table bookings (
  id uuid primary key,
  user_id uuid not null references users(id),
  provider_id uuid not null references users(id),
  service_name text not null,
  status text not null check (status in ('pending', 'accepted', 'in_progress', 'completed', 'cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index bookings_user_idx on bookings (user_id, created_at desc);
create index bookings_provider_idx on bookings (provider_id, created_at desc);

-- The seed's call_logs columns, plus what the server saw. A row is written at ring and finalised exactly once
-- (state = 'ended'); call_status stays null while the call is live. The live-state columns (state, deadlines,
-- away_user_id, bindings) let a restarted or different node finish a call.
create table call_logs (
  id uuid primary key,
  booking_id uuid not null references bookings(id),
  caller_type varchar(50) not null check (caller_type in ('user', 'provider')),
  caller_id uuid not null references users(id),
  receiver_id uuid not null references users(id),
  call_status varchar(50) check (call_status in ('completed', 'missed', 'rejected', 'failed')),
  duration integer not null default 0,
  state text not null check (state in ('ringing', 'connecting', 'connected', 'ended')),
  end_reason text,
  ended_by uuid references users(id),
  relay_only boolean not null default false,
  caller_legacy boolean not null default false,
  receiver_legacy boolean not null default false,
  ring_deadline timestamptz,
  grace_deadline timestamptz,
  away_user_ids uuid[] not null default '{}',
  answered_at timestamptz,
  answer_relayed_at timestamptz,
  connected_at timestamptz,
  ended_at timestamptz,
  quality jsonb,
  client_report jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live call per booking, enforced by the database as well as by the engine.
create unique index call_logs_one_live_per_booking on call_logs (booking_id) where state <> 'ended';
create index call_logs_booking_idx on call_logs (booking_id, created_at desc);
create index call_logs_live_idx on call_logs (state) where state <> 'ended';
