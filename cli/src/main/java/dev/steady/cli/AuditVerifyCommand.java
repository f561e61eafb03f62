package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AnchorFacts;
import dev.steady.audit.AnchorFile;
import dev.steady.audit.Anchors;
import dev.steady.audit.AuditChain;
import dev.steady.audit.VerifyResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code steady audit verify [--anchor FILE]}. */
@Command(name = "verify", sortOptions = false, description = {
    "Recompute the hash chain over the whole log and hold it to the signed checkpoints of its head in",
    "this machine's anchor file (or --anchor FILE); report the first entry that does not verify.",
    "Proves: no entry up to the newest checkpoint was edited, removed or re-hashed. Not: entries after it,",
    "nor a rewrite by one who also holds this machine's anchor file and key (keep `audit head` elsewhere).", ""},
    footer = {"", "Exit status: 0 the chain is intact (and agrees with every checkpoint); 4 it is broken (first_bad names",
        "the entry), or --anchor FILE holds no checkpoint of this store; 2 an unreadable or malformed anchor file."})
final class AuditVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--anchor", paramLabel = "FILE", description = "Checkpoints to hold the log to: an anchor file, or a file of "
      + "`steady audit head --json` lines kept elsewhere. It must hold one of this store. Default: this machine's anchor file "
      + "($STEADY_ANCHOR, else ~/.steady/audit-anchor) when it exists, and no checkpoint of the store there is only remarked.")
  Path anchor;

  @Override
  public Integer call() throws Exception {
    try (Context ctx = Context.of(spec)) {
      Anchors anchors = anchor != null ? new AnchorFile(anchor).read(true) : new AnchorFile(ctx.anchorPath()).read(false);
      VerifyResult result = ctx.auditReader().verify(anchors);
      if (ctx.json()) {
        ctx.out.println(new ObjectMapper().writeValueAsString(json(result)));
      } else if (result.ok()) {
        ctx.out.println(ctx.terminal.green("audit log intact: " + result.entries() + " entries, chain verified"));
        ctx.out.println(anchoring(result));
      } else {
        ctx.out.println(ctx.terminal.red("AUDIT LOG BROKEN" + (result.firstBad() == null ? "" : " at entry " + result.firstBad()) + ": "
            + Terminal.safe(result.reason())));
      }
      return result.ok() ? ExitStatus.DONE : ExitStatus.NOT_ALL_CLEAR;
    }
  }

  /** How far the checkpoints vouch for the log, in one line. */
  private String anchoring(VerifyResult result) {
    AnchorFacts a = result.anchor();
    if (a.checkpoints() == 0) {
      return "not anchored: this machine has no checkpoint of store " + a.store() + " in " + a.file()
          + "; a rewrite with the head updated would pass unnoticed";
    }
    String by = a.required() ? "the checkpoints in " + a.file() : "this machine's checkpoints";
    String newer = a.anchoredSeq() < result.entries()
        ? "; entries " + (a.anchoredSeq() + 1) + ".." + result.entries() + " have the chain alone" : "";
    return "anchored up to entry " + a.anchoredSeq() + " by " + by + " of " + AuditChain.formatAt(a.anchoredAt()) + newer;
  }

  static Map<String, Object> json(VerifyResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", result.ok());
    m.put("entries", result.entries());
    m.put("first_bad", result.firstBad());
    m.put("reason", result.reason());
    AnchorFacts a = result.anchor();
    m.put("store", a.store());
    m.put("anchored_seq", a.checkpoints() == 0 ? null : a.anchoredSeq());
    Map<String, Object> anchor = new LinkedHashMap<>();
    anchor.put("file", a.file().toString());
    anchor.put("required", a.required());
    anchor.put("checkpoints", a.checkpoints());
    anchor.put("anchored_at", a.anchoredAt() == null ? null : AuditChain.formatAt(a.anchoredAt()));
    anchor.put("keys", a.keys());
    m.put("anchor", anchor);
    return m;
  }
}
