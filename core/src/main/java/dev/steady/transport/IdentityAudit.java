package dev.steady.transport;

import dev.steady.audit.AuditLog;
import dev.steady.identity.Identity;
import dev.steady.inventory.Host;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit entry of an identity check: written by {@link IdentityGate} alone, so every service records it alike (invariant 6). */
final class IdentityAudit {

  private IdentityAudit() {}

  /** Appends an {@code identity} entry for {@code host} under {@code run} (a run, exec or plan id; may be null), with {@code extra} fields. */
  static void record(AuditLog audit, Host host, String run, Identity identity, Map<String, ?> extra) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("identity", identity.code());
    data.put("fingerprint", identity.fingerprint());
    data.put("address", host.isLocal() ? "local" : host.address() + ":" + host.port());
    if (identity instanceof Identity.Verified v && v.machineId() != null) {
      data.put("machine_id", v.machineId());
    }
    if (identity instanceof Identity.MachineIdMismatch m) {
      data.put("machine_id", m.answered());
      data.put("expected_machine_id", m.expected());
    }
    data.put("message", identity.message());
    data.putAll(extra);
    audit.append("identity", host.name(), run, data);
  }
}
