package dev.steady.cli;

import dev.steady.failure.SteadyException;
import dev.steady.failure.StoreUnreachable;
import java.io.PrintWriter;
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
    err.println("steady: " + oneLine(e.getMessage()) + "; see `" + cmd.getCommandSpec().qualifiedName() + " --help`");
    err.flush();
    return ExitStatus.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof SteadyException steady) {
      err.println("steady: " + oneLine(steady.getMessage()));
      if (stacktrace(parsed)) {
        e.printStackTrace(err);
      }
      err.flush();
      return getExitCode(e);
    }
    if (e instanceof StoreUnreachable) {
      err.println("steady: " + oneLine(e.getMessage()));
      if (stacktrace(parsed)) {
        e.printStackTrace(err);
      }
      err.flush();
      return ExitStatus.INTERNAL;
    }
    err.println("steady: internal error: " + oneLine(String.valueOf(e)) + (stacktrace(parsed) ? "" : " (rerun with --stacktrace for details)"));
    if (stacktrace(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitStatus.INTERNAL;
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
    for (ParseResult r = parsed; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
