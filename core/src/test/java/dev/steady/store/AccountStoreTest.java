package dev.steady.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.account.Role;
import dev.steady.account.User;
import dev.steady.approval.Approval;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The users and approvals tables (V4), as the console and `steady user` / `steady approve` use them. */
@Timeout(30)
class AccountStoreTest extends StoreTestBase {

  private static final Instant AT = Instant.parse("2026-03-01T10:20:30.123Z");

  private Store store;

  @BeforeEach
  void open() {
    store = openStore("steady.db");
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void users_roundTrip_byName_withRoleAndCreationTime() {
    assertThat(store.addUser(new User("carol", Role.ADMIN, AT), "$hash-c")).isTrue();
    assertThat(store.addUser(new User("bob", Role.APPROVER, AT.plusSeconds(1)), "$hash-b")).isTrue();

    assertThat(store.users()).containsExactly(new User("bob", Role.APPROVER, AT.plusSeconds(1)), new User("carol", Role.ADMIN, AT));
    assertThat(store.findUser("bob")).contains(new User("bob", Role.APPROVER, AT.plusSeconds(1)));
    assertThat(store.passwordHash("bob")).contains("$hash-b");
    assertThat(store.findUser("dave")).isEmpty();
    assertThat(store.passwordHash("dave")).isEmpty();
  }

  @Test
  void addUser_withATakenName_changesNothing() {
    store.addUser(new User("bob", Role.APPROVER, AT), "$first");

    assertThat(store.addUser(new User("bob", Role.ADMIN, AT.plusSeconds(5)), "$second")).isFalse();
    assertThat(store.findUser("bob").orElseThrow().role()).isEqualTo(Role.APPROVER);
    assertThat(store.passwordHash("bob")).contains("$first");
  }

  @Test
  void setPasswordHash_andRemoveUser_reportWhetherTheUserExisted() {
    store.addUser(new User("bob", Role.VIEWER, AT), "$old");

    assertThat(store.setPasswordHash("bob", "$new")).isTrue();
    assertThat(store.passwordHash("bob")).contains("$new");
    assertThat(store.setPasswordHash("dave", "$x")).isFalse();
    assertThat(store.removeUser("dave")).isFalse();
    assertThat(store.removeUser("bob")).isTrue();
    assertThat(store.users()).isEmpty();
  }

  @Test
  void approval_isPending_untilGrantedOnce() {
    store.requireApproval("plan:abc", "alice@laptop", AT);

    assertThat(store.approval("plan:abc")).contains(new Approval("plan:abc", "alice@laptop", AT, null, null));
    assertThat(store.grantApproval("plan:abc", "bob", AT.plusSeconds(60))).isTrue();
    assertThat(store.grantApproval("plan:abc", "carol", AT.plusSeconds(61))).isFalse();
    assertThat(store.approval("plan:abc")).contains(new Approval("plan:abc", "alice@laptop", AT, "bob", AT.plusSeconds(60)));
  }

  @Test
  void grantApproval_ofASubjectWithoutRecord_isFalse_andCreatesNone() {
    assertThat(store.grantApproval("run:r-1", "bob", AT)).isFalse();
    assertThat(store.approval("run:r-1")).isEmpty();
  }

  @Test
  void requireApproval_keepsAnExistingRecord() {
    store.requireApproval("run:r-1", "alice@laptop", AT);
    store.grantApproval("run:r-1", "bob", AT.plusSeconds(1));

    store.requireApproval("run:r-1", "mallory@ctl", AT.plusSeconds(2));

    assertThat(store.approval("run:r-1").orElseThrow().approver()).isEqualTo("bob");
    assertThat(store.approval("run:r-1").orElseThrow().author()).isEqualTo("alice@laptop");
  }

  @Test
  void pendingApprovals_oldestFirst_withoutTheGrantedOnes() {
    store.requireApproval("run:r-2", "carol@ctl", AT.plusSeconds(10));
    store.requireApproval("plan:abc", "alice@laptop", AT);
    store.requireApproval("run:r-1", "alice@laptop", AT.plusSeconds(5));
    store.grantApproval("run:r-1", "bob", AT.plusSeconds(20));

    assertThat(store.pendingApprovals()).extracting(Approval::subject).containsExactly("plan:abc", "run:r-2");
  }
}
