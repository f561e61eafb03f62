package dev.steady.account;

import java.util.List;
import java.util.Optional;

/** Where console accounts live (the store implements it). Passwords are stored only as hashes. */
public interface AccountStorage {

  /** Stores a new user with its password hash; false (and nothing changed) when the name is taken. */
  boolean addUser(User user, String passwordHash);

  Optional<User> findUser(String name);

  /** The stored password hash (a PHC-format string), empty for an unknown user. */
  Optional<String> passwordHash(String name);

  /** Replaces a user's password hash; false when there is no such user. */
  boolean setPasswordHash(String name, String passwordHash);

  /** Removes a user; false when there is no such user. */
  boolean removeUser(String name);

  /** Every user, by name. */
  List<User> users();
}
