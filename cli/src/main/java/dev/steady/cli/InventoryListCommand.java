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
@Command(name = "list", description = {"List hosts in inventory order: name, address, user, environment, groups.",
    "Production hosts are red.", ""})
final class InventoryListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET", defaultValue = "all",
      description = "Which hosts (default: all).")
  String target;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      List<Host> hosts = ctx.inventory().select(target);
      if (ctx.json()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        hosts.forEach(h -> rows.add(json(h)));
        ctx.out.println(new ObjectMapper().writeValueAsString(Map.of("hosts", rows)));
        return ExitStatus.DONE;
      }
      Table table = new Table("HOST", "ADDRESS", "USER", "ENV", "GROUPS");
      for (Host h : hosts) {
        table.row(List.of(ctx.terminal.host(h), Terminal.safe(h.address()) + ":" + h.port(), Terminal.safe(h.user()),
            ctx.terminal.env(h), Terminal.safe(String.join(",", h.groups()))));
      }
      table.print(ctx.out);
      ctx.out.println(hosts.size() + (hosts.size() == 1 ? " host" : " hosts") + " from " + ctx.inventoryPath());
      return ExitStatus.DONE;
    }
  }

  private static Map<String, Object> json(Host h) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", h.name());
    row.put("address", h.address());
    row.put("port", h.port());
    row.put("user", h.user());
    row.put("env", h.env());
    row.put("groups", h.groups());
    row.put("expect_hostname", h.expectedHostname());
    row.put("identity_file", h.identityFile());
    row.put("vars", h.vars());
    return row;
  }
}
