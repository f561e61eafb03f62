package dev.steady.exec;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit entry of an identity check, the same whichever service made the check (invariant 6). */
public final class IdentityAudit {

  private IdentityAudit() {}

  /** Appends an {@code identity} entry for {@code host} under {@code run} (a run, exec or plan id; may be null). */
  public static void record(AuditLog audit, Host host, String run, Identity identity) {
    record(audit, host, run, identity, Map.of());
  }

  /** As {@link #record(AuditLog, Host, String, Identity)}, with {@code extra} fields added to the entry's data. */
  public static void record(AuditLog audit, Host host, String run, Identity identity, Map<String, ?> extra) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("identity", identity.code());
    data.put("fingerprint", identity.fingerprint());
    data.put("address", host.address() + ":" + host.port());
    data.put("message", identity.message());
    data.putAll(extra);
    audit.append("identity", host.name(), run, data);
  }
}
