package dev.steady.run;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditHead;
import dev.steady.audit.AuditRecord;
import dev.steady.audit.AuditStorage;
import java.util.List;
import java.util.function.Consumer;

/** A run's audit appends wait out a store outage like its row transitions ({@link StoreOutage}). */
record PatientAudit(AuditStorage storage, StoreOutage outage) implements AuditStorage {

  @Override
  public AuditEntry appendAudit(AuditRecord record) {
    return outage.write(retry -> storage.appendAudit(record));
  }

  @Override
  public List<AuditEntry> appendAudit(List<AuditRecord> records) {
    return outage.write(retry -> storage.appendAudit(records));
  }

  @Override
  public void forEachAudit(long fromSeq, Consumer<AuditEntry> sink) {
    storage.forEachAudit(fromSeq, sink);
  }

  @Override
  public List<AuditEntry> auditTail(int limit, String run) {
    return storage.auditTail(limit, run);
  }

  @Override
  public AuditHead auditHead() {
    return storage.auditHead();
  }
}
