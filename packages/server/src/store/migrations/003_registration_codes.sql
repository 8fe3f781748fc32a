-- A sign-up waiting for the code the host sent to its phone (REGISTRATION=verified). Only the code's hash is
-- kept; the account to create travels with it and exists only once the code comes back.
create table registration_codes (
  phone text primary key,
  code_hash text not null,
  account jsonb not null,
  attempts integer not null default 0,
  expires_at timestamptz not null
);
