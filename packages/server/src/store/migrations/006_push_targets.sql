-- How each device of a person is woken when its app has no live socket: one target per (person, device).
-- `address` is the web push endpoint, the APNs VoIP token or the FCM token; one address belongs to one
-- person at a time (a phone that signs in to another account moves its target with it).
create table push_targets (
  user_id uuid not null references users(id) on delete cascade,
  device_id text not null,
  kind text not null check (kind in ('web', 'apns', 'fcm')),
  address text not null,
  -- Web push only: the subscription's p256dh and auth keys the payload is encrypted to.
  web_keys jsonb,
  -- APNs only: the app's device token for background data pushes (`address` is its VoIP token).
  data_address text,
  show_caller_name boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, device_id)
);
create unique index push_targets_address_idx on push_targets (kind, address);
-- The VAPID key pair web push is signed with when none is configured: made once, kept, shared by all nodes.
create table web_push_keys (
  id integer primary key check (id = 1),
  public_key text not null,
  private_key text not null,
  created_at timestamptz not null default now()
);
