package dev.steady.fleet;

/**
 * A login user of the OpenSSH test hosts besides root, existing only inside their namespaces (its
 * /etc/passwd, /etc/group and /etc/shadow lines are bind-mounted there), with a home of its own on
 * each host and the fleet's client key authorized, as an engineer's account on a server.
 *
 * @param uid its user and group id, unused on this machine
 * @param password its password, what sudo asks for (null: none, only key login)
 */
public record LoginUser(String name, int uid, String password) {

  public LoginUser {
    if (!name.matches("[a-z_][a-z0-9_-]*")) {
      throw new IllegalArgumentException("a login user name must match [a-z_][a-z0-9_-]*, got '" + name + "'");
    }
    if (uid < 1000) {
      throw new IllegalArgumentException("a login user's uid must be at least 1000, got " + uid);
    }
  }
}
