package dev.steady.inventory;

import java.util.List;

/** An ssh config used as the inventory: each literal {@code Host} alias is a host. */
final class SshConfigInventory {

  private SshConfigInventory() {}

  static Parsed parse(SourceText file) {
    SshConfig config = SshConfig.parse(file);
    if (config.aliases().isEmpty()) {
      throw file.error(1, "this ssh config has no Host alias without wildcards; add blocks like "
          + "'Host web-01' with 'HostName 10.0.0.11'");
    }
    List<HostSpec> hosts = config.aliases().stream()
        .map(alias -> new HostSpec(alias, null, null, null, null, null, null, null, null, null,
            config.sourceOf(alias), null))
        .map(new SshRoutes(config)::apply)
        .toList();
    return new Parsed(hosts, List.of());
  }
}
