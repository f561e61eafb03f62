package dev.steady.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.account.User;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady user add|list|remove|passwd}: the accounts of the console and of four-eyes approvals. */
@Command(name = "user", sortOptions = false, description = {
    "Accounts of the web console (`steady serve`) and of four-eyes approvals (`steady approve`), kept in",
    "the store (--store): a team sharing a PostgreSQL store shares its accounts. Every change is audited.",
    "",
    "Roles (not a ladder: pick the one the person needs):",
    "  viewer    sees the fleet, runs, plans and the audit log; changes nothing",
    "  operator  also applies plans and starts, resumes and stops runs",
    "  approver  also approves another engineer's plan or run (never one they made); cannot apply",
    "  admin     everything above",
    "",
    "Passwords have at least 12 characters and are stored only as Argon2id hashes. They are typed twice",
    "without echo on a terminal, or piped in with --password-stdin; never given as an argument.",
    ""},
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class, UserCommand.Passwd.class},
    footer = {"", "Example:",
        "  steady user add bob --role approver",
        "  pass show steady/bob | steady user add bob --role approver --password-stdin",
        "", "Exit status: 0 done; 2 bad input (name, role, password, unknown user); 3 refused (name taken)."})
final class UserCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, list, remove or passwd");
  }

  static Accounts accounts(Context ctx) {
    return new Accounts(ctx.store(), ctx.audit());
  }

  /** {@code steady user add NAME --role ROLE}. */
  @Command(name = "add", sortOptions = false, description = {"Create an account with a role and a password.", ""},
      footer = {"", "Roles: viewer, operator, approver, admin (see `steady user --help`).",
          "", "Exit status: 0 created; 2 bad input; 3 the name is taken."})
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "1-32 of a-z 0-9 _ . - starting with a letter or _ (e.g. bob).")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator, approver or admin.")
    String role;

    @Option(names = "--password-stdin", description = "Read the password from stdin (scripts) instead of a terminal.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      Role parsed = Role.parse(role);
      try (Context ctx = Context.of(spec)) {
        Accounts accounts = accounts(ctx);
        accounts.checkAddable(name, parsed); // before asking for a password that would be thrown away
        char[] password = PasswordInput.choose(passwordStdin, name);
        try {
          User user = accounts.add(name, parsed, password);
          ctx.human().println("created user " + user.name() + " with the role " + user.role().label());
        } finally {
          Arrays.fill(password, '\0');
        }
        return ExitStatus.DONE;
      }
    }
  }

  /** {@code steady user list}. */
  @Command(name = "list", description = {"Every account: name, role, when it was created.", ""})
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Context ctx = Context.of(spec)) {
        List<User> users = accounts(ctx).users();
        if (ctx.json()) {
          ctx.out.println(new ObjectMapper().writeValueAsString(Map.of("users", users.stream().map(UserCommand::json).toList())));
          return ExitStatus.DONE;
        }
        if (users.isEmpty()) {
          ctx.err.println("no users yet; create one with `steady user add NAME --role ROLE`");
          return ExitStatus.DONE;
        }
        Table table = new Table("NAME", "ROLE", "CREATED");
        users.forEach(u -> table.row(List.of(Terminal.safe(u.name()), u.role().label(), u.createdAt().toString())));
        table.print(ctx.out);
        return ExitStatus.DONE;
      }
    }
  }

  /** {@code steady user remove NAME}. */
  @Command(name = "remove", description = {"Delete an account: it can no longer log in or approve. Past approvals keep its name.", ""},
      footer = {"", "Exit status: 0 removed; 2 no such user."})
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account to remove.")
    String name;

    @Override
    public Integer call() {
      try (Context ctx = Context.of(spec)) {
        accounts(ctx).remove(name);
        ctx.human().println("removed user " + Terminal.safe(name));
        return ExitStatus.DONE;
      }
    }
  }

  /** {@code steady user passwd NAME}. */
  @Command(name = "passwd", description = {"Set a new password for an account.", ""},
      footer = {"", "Exit status: 0 changed; 2 no such user or a bad password."})
  static final class Passwd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account.")
    String name;

    @Option(names = "--password-stdin", description = "Read the new password from stdin (scripts) instead of a terminal.")
    boolean passwordStdin;

    @Override
    public Integer call() {
      try (Context ctx = Context.of(spec)) {
        Accounts accounts = accounts(ctx);
        accounts.require(name); // before asking for a password that would be thrown away
        char[] password = PasswordInput.choose(passwordStdin, name);
        try {
          accounts.setPassword(name, password);
        } finally {
          Arrays.fill(password, '\0');
        }
        ctx.human().println("changed the password of user " + Terminal.safe(name));
        return ExitStatus.DONE;
      }
    }
  }

  private static Map<String, Object> json(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("role", u.role().label());
    m.put("created_at", u.createdAt().toString());
    return m;
  }
}
