package dev.steady.store;

import dev.steady.audit.AuditChain;
import dev.steady.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a store's audit log behind steady's back as someone with store access and steady's
 * source could: the chain re-hashed and the head row updated to match, so the chain alone verifies.
 */
public final class Rewrite {

  private Rewrite() {}

  /** Removes the entries after {@code keep} and points the head at entry {@code keep}. */
  public static void truncateTo(Connection c, long keep) throws SQLException {
    update(c, "DELETE FROM audit WHERE seq > ?", keep);
    setHead(c, keep, keep == 0 ? AuditChain.GENESIS : entries(c, keep).get(0).hash());
  }

  /** Changes entry {@code seq}'s action, re-hashes it and every later entry, and updates the head. */
  public static void editAndRehashFrom(Connection c, long seq, String action) throws SQLException {
    List<AuditEntry> tail = entries(c, seq);
    String prev = seq == 1 ? AuditChain.GENESIS : entries(c, seq - 1).get(0).hash();
    AuditEntry last = null;
    for (AuditEntry e : tail) {
      AuditEntry edited = new AuditEntry(e.seq(), e.at(), e.actor(), e.seq() == seq ? action : e.action(), e.host(), e.run(),
          e.dataJson(), prev, "");
      prev = AuditChain.hash(edited);
      update(c, "UPDATE audit SET action = ?, prev_hash = ?, hash = ? WHERE seq = ?", edited.action(), edited.prevHash(), prev,
          e.seq());
      last = e;
    }
    setHead(c, last.seq(), prev);
  }

  public static void setHead(Connection c, long seq, String hash) throws SQLException {
    update(c, "UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
  }

  private static List<AuditEntry> entries(Connection c, long fromSeq) throws SQLException {
    List<AuditEntry> all = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT seq, at, actor, action, host, run, data, prev_hash, hash FROM audit WHERE seq >= ? ORDER BY seq")) {
      s.setLong(1, fromSeq);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new AuditEntry(r.getLong(1), AuditChain.parseAt(r.getString(2)), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9)));
        }
      }
    }
    return all;
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }
}
