-- The newest entry of an action per host (the console's "last identity check") without a scan.
CREATE INDEX audit_host_action ON audit (host, action, seq);
