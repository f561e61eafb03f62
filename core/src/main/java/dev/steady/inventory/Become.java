package dev.steady.inventory;

/**
 * Privilege escalation on a host: engineers log in as themselves and act through {@code sudo}
 * (steady's {@code become}/{@code become_user}, Ansible's {@code ansible_become}, {@code
 * ansible_become_user}, {@code ansible_become_method}, or {@code --become} on the command line).
 *
 * @param user the user to act as ({@code root} unless stated)
 * @param method how to become that user; steady escalates only with {@code sudo} and refuses a host
 *     that asks for anything else rather than act on it unescalated
 * @param source where it was set, for messages
 */
public record Become(String user, String method, String source) {

  public static final String SUDO = "sudo";

  public Become {
    user = user == null || user.isBlank() ? "root" : user.strip();
    method = method == null || method.isBlank() ? SUDO : method.strip();
  }

  /** Through sudo, as {@code user}. */
  public Become(String user, String source) {
    this(user, SUDO, source);
  }

  /** True when steady can honour it: the method is sudo. */
  public boolean bySudo() {
    return SUDO.equals(method);
  }
}
