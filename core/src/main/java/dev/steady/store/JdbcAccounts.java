package dev.steady.store;

import dev.steady.account.AccountStorage;
import dev.steady.account.Role;
import dev.steady.account.User;
import dev.steady.approval.Approval;
import dev.steady.approval.ApprovalStorage;
import dev.steady.audit.AuditChain;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Console accounts and approvals in the store's {@code users} and {@code approvals} tables. */
final class JdbcAccounts implements AccountStorage, ApprovalStorage {

  private static final String APPROVAL_COLUMNS = "subject, author, requested_at, approver, approved_at";

  private final Sql sql;

  JdbcAccounts(Sql sql) {
    this.sql = sql;
  }

  @Override
  public boolean addUser(User user, String passwordHash) {
    return sql.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, role, password_hash, created_at)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
        s.setString(1, user.name());
        s.setString(2, user.role().label());
        s.setString(3, passwordHash);
        s.setString(4, AuditChain.formatAt(user.createdAt()));
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<User> findUser(String name) {
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT name, role, created_at FROM users WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(user(r)) : Optional.<User>empty();
        }
      }
    });
  }

  @Override
  public Optional<String> passwordHash(String name) {
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public boolean setPasswordHash(String name, String passwordHash) {
    return update("UPDATE users SET password_hash = ? WHERE name = ?", passwordHash, name);
  }

  @Override
  public boolean removeUser(String name) {
    return update("DELETE FROM users WHERE name = ?", name);
  }

  @Override
  public List<User> users() {
    return sql.withConnection(c -> {
      List<User> found = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT name, role, created_at FROM users ORDER BY name");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(user(r));
        }
      }
      return found;
    });
  }

  @Override
  public void requireApproval(String subject, String author, Instant at) {
    sql.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO approvals (subject, author, requested_at)"
          + " VALUES (?, ?, ?) ON CONFLICT (subject) DO NOTHING")) {
        s.setString(1, subject);
        s.setString(2, author);
        s.setString(3, AuditChain.formatAt(at));
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Approval> approval(String subject) {
    return sql.withConnection(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + APPROVAL_COLUMNS + " FROM approvals WHERE subject = ?")) {
        s.setString(1, subject);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(approval(r)) : Optional.<Approval>empty();
        }
      }
    });
  }

  @Override
  public boolean grantApproval(String subject, String approver, Instant at) {
    return update("UPDATE approvals SET approver = ?, approved_at = ? WHERE subject = ? AND approver IS NULL",
        approver, AuditChain.formatAt(at), subject);
  }

  @Override
  public List<Approval> pendingApprovals() {
    return sql.withConnection(c -> {
      List<Approval> found = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT " + APPROVAL_COLUMNS
          + " FROM approvals WHERE approver IS NULL ORDER BY requested_at, subject");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(approval(r));
        }
      }
      return found;
    });
  }

  private boolean update(String statement, String... values) {
    return sql.inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement(statement)) {
        for (int i = 0; i < values.length; i++) {
          s.setString(i + 1, values[i]);
        }
        return s.executeUpdate() == 1;
      }
    });
  }

  private User user(ResultSet r) throws SQLException {
    String name = r.getString(1);
    try {
      return new User(name, Role.parse(r.getString(2)), AuditChain.parseAt(r.getString(3)));
    } catch (RuntimeException e) {
      throw new StoreException("store " + sql.display() + ": user " + name + " is unreadable (" + e.getMessage() + ")", e);
    }
  }

  private static Approval approval(ResultSet r) throws SQLException {
    String approvedAt = r.getString(5);
    return new Approval(r.getString(1), r.getString(2), AuditChain.parseAt(r.getString(3)), r.getString(4),
        approvedAt == null ? null : AuditChain.parseAt(approvedAt));
  }
}
