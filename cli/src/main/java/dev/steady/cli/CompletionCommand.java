package dev.steady.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steady completion bash|zsh}: a completion script for every command and option. */
@Command(name = "completion", description = {"Print a shell completion script for steady's commands and options (bash or zsh).", ""},
    footer = {"", "Install it with, e.g.:",
        "  steady completion bash > ~/.local/share/bash-completion/completions/steady",
        "  echo 'source <(steady completion zsh)' >> ~/.zshrc   # zsh runs the bash script through bashcompinit"})
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw dev.steady.failure.SteadyException.badInput("completion is for bash or zsh, got '" + shell + "'");
    }
    // one script for both: picocli's script enables bashcompinit when zsh runs it
    spec.commandLine().getOut().print(AutoComplete.bash("steady", Main.commandLine()));
    spec.commandLine().getOut().flush();
    return ExitStatus.DONE;
  }
}
