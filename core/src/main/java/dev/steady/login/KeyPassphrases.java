package dev.steady.login;

import java.nio.file.Path;

/**
 * How the front end asks a person for the passphrase of an encrypted key (the CLI: on the terminal,
 * without echo). Core never prompts; it calls this at most once per key per process.
 */
@FunctionalInterface
public interface KeyPassphrases {

  /** Nobody to ask: encrypted keys need {@code STEADY_KEY_PASSPHRASE} or ssh-agent. */
  KeyPassphrases NONE = key -> null;

  /** The passphrase typed for {@code key} (the caller wipes it), or null when nobody can be asked. */
  char[] ask(Path key);
}
