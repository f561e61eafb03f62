package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.store.Migrated;
import dev.steady.store.Stores;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code steady store migrate}. */
@Command(name = "migrate", description = {
    "Bring the store named by --store (or STEADY_STORE, else ~/.steady/steady.db) to this steady's schema",
    "and print its version before and after. A new SQLite file or an empty PostgreSQL database becomes",
    "a steady store. Running it again changes nothing. Every command also migrates the store it opens;",
    "run this when a team upgrades steady, so that one person does it at a chosen time.", ""},
    footer = {"", "Example:", "  steady --store 'postgresql://db.internal/steady?user=ops' store migrate",
        "", "Exit status: 0 done (or already current); 2 the store cannot be opened or migrated, nothing changed."})
final class StoreMigrateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Migrated m = Stores.migrate(ctx.options.store);
      if (ctx.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("store", m.store());
        json.put("before", m.before());
        json.put("after", m.after());
        json.put("changed", m.changed());
        ctx.out.println(new ObjectMapper().writeValueAsString(json));
      }
      String before = m.before() == null ? "none (new store)" : m.before();
      String what = m.newer() ? "; it was migrated by a newer steady (this one knows version " + m.latest() + ")"
          : m.changed() ? " (migrated)" : " (already current)";
      ctx.human().println("store " + Terminal.safe(m.store()) + ": schema version " + before + " -> " + m.after() + what);
      return ExitStatus.DONE;
    }
  }
}
