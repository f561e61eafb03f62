package dev.steady.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A user as authenticated, with a stamp of the password they proved (the SHA-256 of its stored
 * hash, whose salt changes at every {@code passwd}). A console session keeps the stamp and ends as
 * soon as the stored one differs: changing a password, or removing the account, logs its sessions out.
 */
public record Credential(User user, String stamp) {

  static Credential of(User user, String passwordHash) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
      return new Credential(user, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JDK", e);
    }
  }

  /** True while {@code current} (the account as stored now) is still this one: same role, same password. */
  public boolean stillValid(Credential current) {
    return current.user().role() == user.role() && current.stamp().equals(stamp);
  }
}
