package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.store.Copied;
import dev.steady.store.Stores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steady store copy --from URL --to URL}. */
@Command(name = "copy", sortOptions = false, description = {
    "Copy a whole store into a new one: the audit log (its hash chain unchanged, so `audit verify` passes",
    "on the copy), plans with their files and results, runs with their checklists, host leases, and every",
    "other table of the schema. The target is migrated first and written in one transaction: all or",
    "nothing. It must hold no data; the source is only read. Stop running steady on the source first:",
    "what it writes after the copy started is not copied. Then point everyone's --store or STEADY_STORE",
    "at the target.", ""},
    footer = {"", "Example (a team moves from one laptop's SQLite file to a shared PostgreSQL):",
        "  steady store copy --from sqlite:~/.steady/steady.db \\",
        "      --to postgresql://steady@db.internal:5432/steady",
        "The password comes from ~/.pgpass (mode 600) or $PGPASSFILE when the URL has none; keep it there.",
        "",
        "Store URLs: a file path, sqlite:PATH or jdbc:sqlite:PATH (SQLite);",
        "postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB[?…] or jdbc:postgresql://HOST[:PORT]/DB?user=…&password=… (PostgreSQL).",
        "",
        "Exit status: 0 copied; 2 bad input (malformed URL, missing or outdated source, unreachable target),",
        "nothing changed; 3 refused: the target already holds data, nothing written."})
final class StoreCopyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "URL", description = "The store to copy (must exist; only read).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "URL", description = "The new store (a new file or an empty database).")
  String to;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Copied copied = Stores.copy(from, to);
      if (ctx.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", copied.from());
        json.put("to", copied.to());
        json.put("tables", copied.tables());
        ctx.out.println(new ObjectMapper().writeValueAsString(json));
      }
      Table table = new Table("TABLE", "ROWS");
      copied.tables().forEach((name, rows) -> table.row(java.util.List.of(name, String.format("%,d", rows))));
      table.print(ctx.human());
      ctx.human().println(ctx.terminal.green("copied " + Terminal.safe(copied.from()) + " to " + Terminal.safe(copied.to()))
          + "; check the copy with `steady --store URL audit verify` (URL as given to --to)");
      return ExitStatus.DONE;
    }
  }
}
