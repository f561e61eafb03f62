package dev.steady.account;

import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of console accounts: valid names, passwords of at least {@link #MIN_PASSWORD}
 * characters hashed with Argon2id, every change audited. Authentication costs one hash whether or
 * not the user exists, so a wrong name cannot be told from a wrong password by timing.
 */
public final class Accounts {

  /** The shortest password accepted. */
  public static final int MIN_PASSWORD = 12;
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
  private static final String DUMMY = Passwords.hash("not a password of anyone".toCharArray());

  private final AccountStorage storage;
  private final AuditLog audit;

  public Accounts(AccountStorage storage, AuditLog audit) {
    this.storage = storage;
    this.audit = audit;
  }

  /** Creates a user; bad input for a bad name, role or short password, refused when the name is taken. */
  public User add(String name, Role role, char[] password) {
    checkAddable(name, role);
    requirePassword(password);
    User user = new User(name, role, Instant.now());
    if (!storage.addUser(user, Passwords.hash(password))) {
      throw taken(name);
    }
    audit.append("user.add", null, null, Map.of("user", name, "role", role.label()));
    return user;
  }

  /**
   * What {@link #add} checks before the password: a valid name and role, a name not taken. Front
   * ends call it before asking for a password that would be thrown away.
   */
  public void checkAddable(String name, Role role) {
    requireName(name);
    if (role == null) {
      throw SteadyException.badInput("user '" + name + "' needs a role: viewer, operator, approver or admin");
    }
    if (storage.findUser(name).isPresent()) {
      throw taken(name);
    }
  }

  /** The user named {@code name}; bad input naming the fix when there is none. */
  public User require(String name) {
    return storage.findUser(name).orElseThrow(() -> unknown(name));
  }

  /** The user when the password is theirs; empty for an unknown user or a wrong password. */
  public Optional<User> authenticate(String name, char[] password) {
    return login(name, password).map(Credential::user);
  }

  /**
   * As {@link #authenticate}, with the stamp of the password proved: a session made from it ends
   * when {@link #current} no longer matches ({@link Credential#stillValid}).
   */
  public Optional<Credential> login(String name, char[] password) {
    Optional<String> stored = name == null ? Optional.empty() : storage.passwordHash(name);
    boolean matches = Passwords.matches(stored.orElse(DUMMY), password == null ? new char[0] : password);
    return matches && stored.isPresent() ? storage.findUser(name).map(u -> Credential.of(u, stored.get())) : Optional.empty();
  }

  /** The account {@code name} as stored now, with its password stamp; empty once it was removed. */
  public Optional<Credential> current(String name) {
    Optional<String> stored = storage.passwordHash(name);
    return stored.flatMap(hash -> storage.findUser(name).map(u -> Credential.of(u, hash)));
  }

  /** Replaces a user's password. */
  public void setPassword(String name, char[] password) {
    requirePassword(password);
    if (!storage.setPasswordHash(name, Passwords.hash(password))) {
      throw unknown(name);
    }
    audit.append("user.passwd", null, null, Map.of("user", name));
  }

  /** Removes a user. */
  public void remove(String name) {
    if (!storage.removeUser(name)) {
      throw unknown(name);
    }
    audit.append("user.remove", null, null, Map.of("user", name));
  }

  public Optional<User> find(String name) {
    return storage.findUser(name);
  }

  public List<User> users() {
    return storage.users();
  }

  /** Whether {@code name} can be a user name: 1-32 of a-z, 0-9, _ . - starting with a letter or _. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  private static void requireName(String name) {
    if (!validName(name)) {
      throw SteadyException.badInput("user name '" + name + "' is not valid; use 1-32 of a-z, 0-9, _ . - starting with a letter or _");
    }
  }

  private static void requirePassword(char[] password) {
    if (password == null || password.length < MIN_PASSWORD) {
      throw SteadyException.badInput("the password is too short; use at least " + MIN_PASSWORD + " characters");
    }
  }

  private static SteadyException taken(String name) {
    return SteadyException.refused("user '" + name + "' already exists; `steady user passwd " + name + "` changes the password");
  }

  private SteadyException unknown(String name) {
    return SteadyException.badInput("no user '" + name + "'; `steady user list` shows the users");
  }
}
