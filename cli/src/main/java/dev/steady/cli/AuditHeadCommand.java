package dev.steady.cli;

import dev.steady.audit.AnchorKey;
import dev.steady.audit.AnchorLine;
import dev.steady.audit.AuditChain;
import dev.steady.audit.AuditHeadUnreadable;
import dev.steady.audit.Checkpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code steady audit head}: the current head, signed, to keep outside the store. */
@Command(name = "head", description = {
    "Print the audit log's head now: store id, newest entry, its hash, the time and this machine's public",
    "key; with --json, one signed checkpoint line, which `steady audit verify --anchor FILE` accepts.",
    "Keep such lines away from the store and this machine (a ticket, a chat, syslog from cron): whoever has",
    "the store and this machine's anchor file and key can rewrite both, but not a copy kept elsewhere.", ""},
    footer = {"", "Example: steady --json audit head | ssh loghost 'cat >> /srv/steady/anchors'   # daily, from cron",
        "         steady audit verify --anchor anchors-copy",
        "", "Exit status: 0 printed; 4 the head or the store id is missing or malformed (the log was tampered with);",
        "2 this machine's anchor key is open to others or malformed."})
final class AuditHeadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Context ctx = Context.of(spec)) {
      AnchorKey key = AnchorKey.loadOrCreate(ctx.anchorKeyPath());
      Checkpoint head;
      try {
        head = ctx.auditReader().head();
      } catch (AuditHeadUnreadable e) {
        ctx.err.println("steady: " + Terminal.safe(e.getMessage()) + "; see `steady audit verify`");
        return ExitStatus.NOT_ALL_CLEAR;
      }
      AnchorLine line = AnchorLine.sign(head, key);
      if (ctx.json()) {
        ctx.out.println(line.text());
        return ExitStatus.DONE;
      }
      ctx.out.println("store  " + head.store());
      ctx.out.println("entry  " + head.seq());
      ctx.out.println("hash   " + head.hash());
      ctx.out.println("at     " + AuditChain.formatAt(head.at()));
      ctx.out.println("key    " + key.publicKey() + "  (ed25519, " + key.file() + ")");
      ctx.out.println(ctx.terminal.dim("Keep it outside the store: `steady --json audit head >> FILE` writes a signed line"
          + " that `steady audit verify --anchor FILE` checks."));
      return ExitStatus.DONE;
    }
  }
}
