package dev.steady.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts against a real (SQLite) store: the rules a console login and `steady user` rely on. */
@Timeout(60)
class AccountsTest {

  private static final char[] GOOD = "a long enough password".toCharArray();

  @TempDir Path dir;
  private Store store;
  private Accounts accounts;

  @BeforeEach
  void open() {
    store = Stores.open(dir.resolve("steady.db").toString());
    accounts = new Accounts(store, new AuditLog(store, "admin@ctl"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void add_thenAuthenticate_withTheRightPassword_returnsTheUserAndRole() {
    accounts.add("bob", Role.APPROVER, GOOD);

    User bob = accounts.authenticate("bob", "a long enough password".toCharArray()).orElseThrow();

    assertThat(bob.name()).isEqualTo("bob");
    assertThat(bob.role()).isEqualTo(Role.APPROVER);
    assertThat(accounts.find("bob")).contains(bob);
    assertThat(accounts.users()).containsExactly(bob);
  }

  @Test
  void authenticate_isEmpty_forAWrongPassword_anUnknownUser_orNoName() {
    accounts.add("bob", Role.APPROVER, GOOD);

    assertThat(accounts.authenticate("bob", "a long enough passwore".toCharArray())).isEmpty();
    assertThat(accounts.authenticate("bob", null)).isEmpty();
    assertThat(accounts.authenticate("carol", GOOD)).isEmpty();
    assertThat(accounts.authenticate(null, GOOD)).isEmpty();
  }

  @Test
  void store_keepsOnlyAnArgon2Hash_neverThePassword() {
    accounts.add("bob", Role.VIEWER, GOOD);

    assertThat(store.passwordHash("bob")).get().asString().startsWith("$argon2id$").doesNotContain("enough");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../x", "<b>", "Bob", "a b", "-dash", "x/y", "ab\ncd", "a123456789012345678901234567890123"})
  void add_refusesABadName_asBadInput_andStoresNothing(String name) {
    SteadyException e = catchThrowableOfType(SteadyException.class, () -> accounts.add(name, Role.VIEWER, GOOD));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains("is not valid").contains("a-z");
    assertThat(accounts.users()).isEmpty();
  }

  @Test
  void add_refusesANullName_andANullRole_asBadInput() {
    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.add(null, Role.VIEWER, GOOD)).kind())
        .isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.add("bob", null, GOOD)).getMessage())
        .contains("needs a role");
    assertThat(accounts.users()).isEmpty();
  }

  @Test
  void add_refusesAPasswordShorterThanTheMinimum() {
    SteadyException e = catchThrowableOfType(SteadyException.class, () -> accounts.add("bob", Role.VIEWER, "elevenchars".toCharArray()));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(e.getMessage()).contains("at least " + Accounts.MIN_PASSWORD);
    assertThat(accounts.find("bob")).isEmpty();
    accounts.add("bob", Role.VIEWER, "twelve chars".toCharArray()); // exactly the minimum is enough
  }

  @Test
  void add_refusesADuplicateName_andKeepsTheFirstAccount() {
    accounts.add("bob", Role.APPROVER, GOOD);

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> accounts.add("bob", Role.ADMIN, "another password!".toCharArray()));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(e.getMessage()).contains("already exists").contains("steady user passwd bob");
    assertThat(accounts.find("bob").orElseThrow().role()).isEqualTo(Role.APPROVER);
    assertThat(accounts.authenticate("bob", GOOD)).isPresent();
  }

  @Test
  void checkAddable_refusesWhatAddWould_beforeAnyPasswordIsAsked() {
    accounts.add("bob", Role.APPROVER, GOOD);

    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.checkAddable("bob", Role.ADMIN)).kind())
        .isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.checkAddable("<b>", Role.ADMIN)).kind())
        .isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.checkAddable("carol", null)).kind())
        .isEqualTo(SteadyException.Kind.BAD_INPUT);
    accounts.checkAddable("carol", Role.VIEWER);
    assertThat(accounts.users()).extracting(User::name).containsExactly("bob");
  }

  @Test
  void require_returnsTheUser_orIsBadInputNamingTheFix() {
    accounts.add("bob", Role.APPROVER, GOOD);

    assertThat(accounts.require("bob").role()).isEqualTo(Role.APPROVER);
    assertThat(catchThrowableOfType(SteadyException.class, () -> accounts.require("ghost")).getMessage())
        .isEqualTo("no user 'ghost'; `steady user list` shows the users");
  }

  @Test
  void setPassword_replacesThePassword() {
    accounts.add("bob", Role.OPERATOR, GOOD);

    accounts.setPassword("bob", "the new password".toCharArray());

    assertThat(accounts.authenticate("bob", GOOD)).isEmpty();
    assertThat(accounts.authenticate("bob", "the new password".toCharArray())).isPresent();
  }

  @Test
  void remove_deletesTheAccount_soItCanNoLongerLogIn() {
    accounts.add("bob", Role.OPERATOR, GOOD);

    accounts.remove("bob");

    assertThat(accounts.find("bob")).isEmpty();
    assertThat(accounts.authenticate("bob", GOOD)).isEmpty();
  }

  @Test
  void removeOrPasswd_ofAnUnknownUser_isBadInputNamingTheUser() {
    SteadyException remove = catchThrowableOfType(SteadyException.class, () -> accounts.remove("ghost"));
    SteadyException passwd = catchThrowableOfType(SteadyException.class, () -> accounts.setPassword("ghost", GOOD));

    assertThat(remove.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(remove.getMessage()).contains("no user 'ghost'").contains("steady user list");
    assertThat(passwd.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
    assertThat(passwd.getMessage()).contains("no user 'ghost'");
  }

  @Test
  void everyChange_isAudited_byWhoDidIt_withoutThePassword() {
    accounts.add("bob", Role.APPROVER, GOOD);
    accounts.setPassword("bob", "the new password".toCharArray());
    accounts.remove("bob");
    catchThrowableOfType(SteadyException.class, () -> accounts.remove("bob"));

    List<AuditEntry> log = store.auditTail(10, null);

    assertThat(log).extracting(AuditEntry::action).containsExactly("user.add", "user.passwd", "user.remove");
    assertThat(log).extracting(AuditEntry::actor).containsOnly("admin@ctl");
    assertThat(log.get(0).dataJson()).contains("\"user\":\"bob\"").contains("\"role\":\"approver\"");
    assertThat(log).extracting(AuditEntry::dataJson).noneMatch(d -> d.contains("password") || d.contains("argon2"));
    assertThat(new AuditLog(store, "x").verify().ok()).isTrue();
  }
}
