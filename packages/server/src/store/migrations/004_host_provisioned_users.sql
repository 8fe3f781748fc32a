-- Accounts the host marketplace provisions (PUT /api/host/users/:id) sign in with the host's own tokens: no
-- phone number or password here. A deleted account keeps its id for the call history it appears in.
alter table users alter column phone drop not null;
alter table users alter column password_hash drop not null;
alter table users add column deleted_at timestamptz;
