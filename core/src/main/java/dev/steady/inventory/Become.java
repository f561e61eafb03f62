package dev.steady.inventory;

/**
 * Privilege escalation on a host: engineers log in as themselves and act through {@code sudo}
 * (Ansible's {@code ansible_become}, {@code ansible_become_user}, {@code ansible_become_method}).
 *
 * @param user the user to act as ({@code root} unless stated)
 * @param source where it was set, for messages
 */
public record Become(String user, String source) {

  public Become {
    user = user == null || user.isBlank() ? "root" : user.strip();
  }
}
