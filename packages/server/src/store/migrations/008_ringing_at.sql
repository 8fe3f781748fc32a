-- When a receiver's device was first sent the ring: dial to ringing for the operators (a push ring counts when
-- the woken device connected). Null for older rows and for calls that never reached a device.
alter table call_logs add column ringing_at timestamptz;
