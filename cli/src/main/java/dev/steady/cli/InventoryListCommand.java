package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.inventory.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady inventory list [TARGET]}: the hosts in their logical order. */
@Command(name = "list", description = {
    "List hosts in inventory order: name, address and port, user, connection, environment, groups, and",
    "the way steady reaches each one as ssh would: VIA names the bastions (ProxyJump, resolved through",
    "the ssh config, dialled in that order) or the ProxyCommand. A host steady will not contact (a Match",
    "block it cannot evaluate, an ssh config that leads its name elsewhere than its address…) is shown",
    "REFUSED with the reason, naming the file and line. Production hosts are red.",
    "",
    "The inventory is steady YAML, an ssh config, or an Ansible inventory as Ansible reads it:",
    "an INI or YAML file, an executable dynamic inventory script (run with --list), the JSON of",
    "ansible-inventory --list, or an inventory directory of such files, each with the",
    "group_vars/ and host_vars/ beside it (precedence as Ansible's: all, then parent and child",
    "groups, then the host; a group_vars or host_vars file over the inventory's own vars).",
    "Refused with the file and line: a Jinja template or !vault value in a connection variable,",
    "a vault-encrypted file, an inventory plugin config. Hosts with an ansible_connection other",
    "than ssh or local are listed but refused when steady would act on them.",
    "Warnings (e.g. an encrypted non-connection variable left out) go to stderr.",
    ""})
final class InventoryListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", defaultValue = "all",
      description = "Which hosts (default: all), with Ansible's patterns: web, web:!web-03, web:&prod, web[0], web[0:2], ~web-0[1-3]$.")
  String target;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = ctx.select(target);
      if (ctx.json()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        hosts.forEach(h -> rows.add(json(h)));
        ctx.out.println(new ObjectMapper().writeValueAsString(Map.of("hosts", rows)));
        return ExitStatus.DONE;
      }
      Table table = new Table("HOST", "ADDRESS", "USER", "CONNECTION", "ENV", "GROUPS", "VIA");
      for (Host h : hosts) {
        table.row(List.of(ctx.terminal.host(h), Terminal.safe(h.address()) + ":" + h.port(), Terminal.safe(h.user()),
            Terminal.safe(h.connection()), ctx.terminal.env(h), Terminal.safe(String.join(",", h.groups())), Terminal.safe(via(h))));
      }
      table.print(ctx.out);
      for (Host h : hosts) {
        if (h.ssh().refusal() != null) {
          ctx.out.println(ctx.terminal.red("REFUSED " + Terminal.safe(h.name()) + ": " + Terminal.safe(h.ssh().refusal())));
        }
      }
      ctx.out.println(hosts.size() + (hosts.size() == 1 ? " host" : " hosts") + " from " + ctx.inventoryPath());
      return ExitStatus.DONE;
    }
  }

  /** The bastions in dialling order, or the ProxyCommand, or "-" for a direct connection. */
  static String via(Host h) {
    if (!h.ssh().jumps().isEmpty()) {
      return String.join(" -> ", h.ssh().jumps().stream().map(j -> j.user() + "@" + j.name()
          + (j.name().equals(j.address()) && j.port() == 22 ? "" : " (" + j.address() + ":" + j.port() + ")")).toList());
    }
    if (h.proxyJump() != null) {
      return h.proxyJump();
    }
    return h.ssh().proxyCommand() != null ? "ProxyCommand " + h.ssh().proxyCommand() : "-";
  }

  private static Map<String, Object> json(Host h) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", h.name());
    row.put("address", h.address());
    row.put("port", h.port());
    row.put("user", h.user());
    row.put("connection", h.connection());
    row.put("env", h.env());
    row.put("groups", h.groups());
    row.put("expect_hostname", h.expectedHostname());
    row.put("identity_file", h.identityFile());
    row.put("vars", h.vars());
    row.put("jumps", h.ssh().jumps().stream().map(j -> Map.of("name", j.name(), "address", j.address(), "port", j.port(), "user",
        j.user())).toList());
    row.put("proxy_command", h.ssh().proxyCommand());
    row.put("host_key_alias", h.ssh().hostKeyAlias());
    row.put("refusal", h.ssh().refusal());
    return row;
  }
}
