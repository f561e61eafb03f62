package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The form of an {@code expect_machine_id}: 32 hexadecimal digits, as {@code /etc/machine-id} holds them. */
final class MachineIds {

  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{32}");

  private MachineIds() {}

  /** {@code value} in lower case, or null for none; {@code error} makes the bad-input exception for a malformed one. */
  static String check(String value, String host, Function<String, SteadyException> error) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!ID.matcher(value.strip()).matches()) {
      throw error.apply("expect_machine_id for host " + host + " must be 32 hexadecimal digits (what `cat /etc/machine-id`"
          + " prints on the host), found '" + value + "'; fix it, or remove it and let `steady inventory pin` record the id");
    }
    return value.strip().toLowerCase(Locale.ROOT);
  }
}
