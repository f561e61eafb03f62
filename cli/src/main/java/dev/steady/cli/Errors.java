package dev.steady.cli;

import dev.steady.failure.SteadyException;
import dev.steady.failure.StoreUnreachable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Maps every failure to one line on stderr and an exit status. User mistakes never show a stack
 * trace; {@code --stacktrace} shows it for internal errors.
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler, IExitCodeExceptionMapper {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = oneLine(e.getMessage()) + "; see `" + cmd.getCommandSpec().qualifiedName() + " --help`";
    err.println("steady: " + message);
    err.flush();
    if (jsonAsked(args)) {
      json(cmd, "bad_input", message, ExitStatus.BAD_INPUT);
    }
    return ExitStatus.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    String kind;
    String message;
    if (e instanceof SteadyException steady) {
      kind = steady.kind() == SteadyException.Kind.REFUSED ? "refused" : "bad_input";
      message = oneLine(steady.getMessage());
    } else if (e instanceof StoreUnreachable) {
      kind = "store_unreachable";
      message = oneLine(e.getMessage());
    } else {
      kind = "internal";
      message = "internal error: " + oneLine(String.valueOf(e));
    }
    int exit = getExitCode(e);
    PrintWriter err = cmd.getErr();
    err.println("steady: " + message + (kind.equals("internal") && !stacktrace(parsed) ? " (rerun with --stacktrace for details)" : ""));
    if (stacktrace(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    if (matched(parsed, "--json")) {
      json(cmd, kind, message, exit);
    }
    return exit;
  }

  /**
   * With --json, a failure is also one JSON document on stdout, so a script reading stdout gets
   * JSON in every case: {@code {"error": {"kind", "message", "exit"}}}; kind is bad_input, refused,
   * store_unreachable or internal.
   */
  private static void json(CommandLine cmd, String kind, String message, int exit) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("kind", kind);
    error.put("message", message);
    error.put("exit", exit);
    try {
      PrintWriter out = cmd.getOut();
      out.println(new ObjectMapper().writeValueAsString(Map.of("error", error)));
      out.flush();
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** --json among the arguments of a command line that did not parse (before any `--`). */
  private static boolean jsonAsked(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int getExitCode(Throwable e) {
    if (e instanceof SteadyException steady) {
      return switch (steady.kind()) {
        case BAD_INPUT -> ExitStatus.BAD_INPUT;
        case REFUSED -> ExitStatus.REFUSED;
      };
    }
    return ExitStatus.INTERNAL;
  }

  private static boolean stacktrace(ParseResult parsed) {
    return matched(parsed, "--stacktrace");
  }

  private static boolean matched(ParseResult parsed, String option) {
    for (ParseResult r = parsed; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(option)) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
