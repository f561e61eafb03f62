package dev.steady.inventory;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The become settings as one file states them, before defaults fill the gaps: each field null when
 * not set there. Turned into a {@link Become} only when become is switched on, as Ansible does
 * ({@code become_user} alone does not escalate).
 */
record BecomeSpec(Boolean become, String user, String method, String at) {

  static final BecomeSpec NONE = new BecomeSpec(null, null, null, null);

  /** A user name sudo's {@code -u} takes as given ({@code #UID} too): no spaces, no shell syntax. */
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?|#[0-9]+");

  /**
   * Reads the three fields as text. {@code prefix} is how the file spells them ({@code ""} or
   * {@code "ansible_"}), {@code where} whose they are ("for host web-01"), {@code at} where they
   * were set; {@code error} makes the bad-input failure of a message.
   */
  static BecomeSpec of(String become, String user, String method, String prefix, String where, String at,
      Function<String, RuntimeException> error) {
    if (become == null && user == null && method == null) {
      return NONE;
    }
    Boolean on = null;
    if (become != null) {
      on = switch (become.strip().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw error.apply(prefix + "become " + where + " must be true or false, found '" + become + "'; fix it");
      };
    }
    if (user != null && !USER.matcher(user.strip()).matches()) {
      throw error.apply(prefix + "become_user " + where + " must be a user name (letters, digits, . _ -), found '" + user
          + "'; fix it");
    }
    return new BecomeSpec(on, user == null ? null : user.strip(), method == null ? null : method.strip().toLowerCase(Locale.ROOT), at);
  }

  /** This spec with the fields it leaves unset taken from {@code base}. */
  BecomeSpec or(BecomeSpec base) {
    if (base == null || base == NONE) {
      return this;
    }
    return new BecomeSpec(become != null ? become : base.become, user != null ? user : base.user,
        method != null ? method : base.method, become != null ? at : base.at);
  }

  /** The escalation these settings ask for, or null when become is not on. */
  Become toBecome() {
    return Boolean.TRUE.equals(become) ? new Become(user, method, at) : null;
  }
}
