package dev.steady.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steady.account.Accounts;
import dev.steady.account.Role;
import dev.steady.audit.AuditEntry;
import dev.steady.audit.AuditLog;
import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.store.Store;
import dev.steady.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Four eyes against a real (SQLite) store; the race across processes and PostgreSQL is ApprovalRaceTest. */
@Timeout(60)
class ApprovalsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String PLAN = Approvals.plan("ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12");

  @TempDir Path dir;
  private Store store;
  private Approvals approvals;

  @BeforeEach
  void open() {
    store = Stores.open(dir.resolve("steady.db").toString());
    approvals = new Approvals(store, new AuditLog(store, "someone@ctl"), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void subjects_nameThePlanOrRun() {
    assertThat(Approvals.plan("abc")).isEqualTo("plan:abc");
    assertThat(Approvals.run("r-1234")).isEqualTo("run:r-1234");
  }

  @Test
  void person_dropsTheControllerHost_andCase() {
    assertThat(Approvals.person("alice@laptop")).isEqualTo("alice");
    assertThat(Approvals.person("Alice@laptop")).isEqualTo("alice");
    assertThat(Approvals.person("alice")).isEqualTo("alice");
  }

  @Test
  void author_cannotApprove_evenUnderAnotherHostName() {
    approvals.require(PLAN, "alice@laptop");

    for (String self : List.of("alice@laptop", "alice", "alice@console", "ALICE")) {
      SteadyException e = catchThrowableOfType(SteadyException.class, () -> approvals.approve(PLAN, self));
      assertThat(e.kind()).as(self).isEqualTo(SteadyException.Kind.REFUSED);
      assertThat(e.getMessage()).contains("you (alice) made " + PLAN).contains("four eyes");
    }
    assertThat(approvals.find(PLAN).orElseThrow().granted()).isFalse();
  }

  @Test
  void aSecondEngineer_approves_andTheApprovalRecordsWhoAndWhen() {
    approvals.require(PLAN, "alice@laptop");

    Approval granted = approvals.approve(PLAN, "bob");

    assertThat(granted.granted()).isTrue();
    assertThat(granted.author()).isEqualTo("alice@laptop");
    assertThat(granted.approver()).isEqualTo("bob");
    assertThat(granted.approvedAt()).isEqualTo(NOW);
    assertThat(approvals.find(PLAN)).contains(granted);
    assertThat(approvals.pending()).isEmpty();
  }

  @Test
  void aSecondApproval_isRefused_andTheFirstApproverStays() {
    approvals.require(PLAN, "alice@laptop");
    approvals.approve(PLAN, "bob");

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> approvals.approve(PLAN, "carol"));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(e.getMessage()).contains("already approved by bob");
    assertThat(approvals.find(PLAN).orElseThrow().approver()).isEqualTo("bob");
  }

  @Test
  void approvingASubjectThatNeedsNoApproval_isRefused() {
    SteadyException e = catchThrowableOfType(SteadyException.class, () -> approvals.approve(PLAN, "bob"));

    assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(e.getMessage()).contains("does not need approval");
    assertThat(approvals.find(PLAN)).isEmpty();
  }

  @Test
  void check_refusesWhilePending_andPassesOnceApproved() {
    approvals.require(PLAN, "alice@laptop");

    SteadyException e = catchThrowableOfType(SteadyException.class, () -> approvals.check(PLAN));
    assertThat(e.kind()).isEqualTo(SteadyException.Kind.REFUSED);
    assertThat(e.getMessage()).contains("needs a second engineer's approval").contains("made by alice")
        .contains("steady approve ab12cd34ef56").contains("nothing was changed");

    approvals.approve(PLAN, "bob");
    assertThatCode(() -> approvals.check(PLAN)).doesNotThrowAnyException();
  }

  @Test
  void check_passesForASubjectThatNeedsNoApproval() {
    assertThatCode(() -> approvals.check(Approvals.run("r-00000000"))).doesNotThrowAnyException();
  }

  @Test
  void pending_listsTheWaitingApprovals_oldestFirst() {
    Approvals later = new Approvals(store, new AuditLog(store, "x@y"), Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    later.require(Approvals.run("r-2"), "carol@ctl");
    approvals.require(PLAN, "alice@laptop");
    approvals.require(Approvals.run("r-1"), "alice@laptop");
    approvals.approve(Approvals.run("r-1"), "bob");

    assertThat(approvals.pending()).extracting(Approval::subject).containsExactly(PLAN, "run:r-2");
  }

  @Test
  void require_isANoOp_whenTheSubjectAlreadyHasARecord() {
    approvals.require(PLAN, "alice@laptop");
    approvals.approve(PLAN, "bob");

    approvals.require(PLAN, "mallory@ctl");

    Approval kept = approvals.find(PLAN).orElseThrow();
    assertThat(kept.author()).isEqualTo("alice@laptop");
    assertThat(kept.approver()).isEqualTo("bob");
  }

  @Test
  void everyRequest_grant_andRefusal_isAudited_underThePlanOrRunId() {
    approvals.require(PLAN, "alice@laptop");
    catchThrowableOfType(SteadyException.class, () -> approvals.approve(PLAN, "alice"));
    approvals.approve(PLAN, "bob");
    catchThrowableOfType(SteadyException.class, () -> approvals.approve(PLAN, "carol"));
    catchThrowableOfType(SteadyException.class, () -> approvals.approve(Approvals.run("r-9"), "carol"));

    List<AuditEntry> log = store.auditTail(10, null);

    assertThat(log).extracting(AuditEntry::action)
        .containsExactly("approval.required", "approval.refused", "approval.granted", "approval.refused", "approval.refused");
    String planId = PLAN.substring("plan:".length());
    assertThat(log.subList(0, 4)).extracting(AuditEntry::run).containsOnly(planId);
    assertThat(log.get(4).run()).isEqualTo("r-9");
    assertThat(log.get(1).dataJson()).contains("\"approver\":\"alice\"").contains("four eyes");
    assertThat(log.get(2).dataJson()).contains("\"approver\":\"bob\"").contains("\"author\":\"alice@laptop\"");
    assertThat(log.get(3).dataJson()).contains("already approved by bob");
    assertThat(new AuditLog(store, "x").verify().ok()).isTrue();
  }

  @Test
  void approveAs_needsTheRightPassword_andARoleThatMayApprove_bothAuditedWhenRefused() {
    Accounts accounts = new Accounts(store, new AuditLog(store, "admin@ctl"));
    accounts.add("bob", Role.APPROVER, "bob's long password".toCharArray());
    accounts.add("vic", Role.VIEWER, "vic's long password".toCharArray());
    accounts.add("olga", Role.OPERATOR, "olga's long password".toCharArray());
    approvals.require(PLAN, "alice@laptop");

    SteadyException wrong = catchThrowableOfType(SteadyException.class,
        () -> approvals.approveAs(PLAN, accounts, "bob", "not bob's password".toCharArray()));
    SteadyException unknown = catchThrowableOfType(SteadyException.class,
        () -> approvals.approveAs(PLAN, accounts, "ghost", "bob's long password".toCharArray()));
    SteadyException viewer = catchThrowableOfType(SteadyException.class,
        () -> approvals.approveAs(PLAN, accounts, "vic", "vic's long password".toCharArray()));
    SteadyException operator = catchThrowableOfType(SteadyException.class,
        () -> approvals.approveAs(PLAN, accounts, "olga", "olga's long password".toCharArray()));

    assertThat(List.of(wrong, unknown, viewer, operator)).extracting(SteadyException::kind).containsOnly(SteadyException.Kind.REFUSED);
    assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage().replace("ghost", "bob")); // no hint whether the user exists
    assertThat(viewer.getMessage()).contains("role viewer, which cannot approve");
    assertThat(operator.getMessage()).contains("role operator, which cannot approve");
    assertThat(approvals.find(PLAN).orElseThrow().granted()).isFalse();
    assertThat(store.auditTail(4, null)).extracting(AuditEntry::action).containsOnly("approval.refused");
    assertThat(store.auditTail(4, null)).extracting(AuditEntry::dataJson).noneMatch(d -> d.contains("password\""));

    Approval granted = approvals.approveAs(PLAN, accounts, "bob", "bob's long password".toCharArray());
    assertThat(granted.approver()).isEqualTo("bob");
  }

  @Test
  void approveAs_theAuthorsOwnApproverAccount_isStillRefused() {
    Accounts accounts = new Accounts(store, new AuditLog(store, "admin@ctl"));
    accounts.add("alice", Role.ADMIN, "alice's long password".toCharArray());
    approvals.require(PLAN, "alice@laptop");

    SteadyException e = catchThrowableOfType(SteadyException.class,
        () -> approvals.approveAs(PLAN, accounts, "alice", "alice's long password".toCharArray()));

    assertThat(e.getMessage()).contains("four eyes");
    assertThat(approvals.find(PLAN).orElseThrow().granted()).isFalse();
  }

  @Test
  void twoApproversAtOnce_exactlyOneIsGranted_theOtherRefusedAndAudited() throws Exception {
    approvals.require(PLAN, "alice@laptop");
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String approver = "approver" + i;
      results.add(pool.submit(() -> {
        go.await();
        try {
          return approvals.approve(PLAN, approver).approver();
        } catch (SteadyException refused) {
          return null;
        }
      }));
    }
    go.countDown();
    List<String> winners = new ArrayList<>();
    for (Future<String> f : results) {
      String w = f.get(30, TimeUnit.SECONDS);
      if (w != null) {
        winners.add(w);
      }
    }
    pool.shutdown();

    assertThat(winners).hasSize(1);
    assertThat(approvals.find(PLAN).orElseThrow().approver()).isEqualTo(winners.get(0));
    List<AuditEntry> log = store.auditTail(20, null);
    assertThat(log).filteredOn(e -> e.action().equals("approval.granted")).hasSize(1);
    assertThat(log).filteredOn(e -> e.action().equals("approval.refused")).hasSize(n - 1);
  }

  @Test
  void policy_namesEnvironments_commaSeparated_caseAndSpacesIgnored() {
    List<Host> prodAndStaging = List.of(host("web-01", "production"), host("batch-01", "staging"));
    List<Host> staging = List.of(host("batch-01", "staging"));
    List<Host> dev = List.of(host("dev-01", "dev"));

    assertThat(Approvals.requiredByPolicy("production", prodAndStaging)).isTrue();
    assertThat(Approvals.requiredByPolicy("production", staging)).isFalse();
    assertThat(Approvals.requiredByPolicy(" Production , STAGING ", staging)).isTrue();
    assertThat(Approvals.requiredByPolicy("staging,,", staging)).isTrue();
    assertThat(Approvals.requiredByPolicy("production", dev)).isFalse();
    assertThat(Approvals.requiredByPolicy("production", List.of(host("old-01", null)))).isTrue(); // no env is production
    assertThat(Approvals.requiredByPolicy("", prodAndStaging)).isFalse();
    assertThat(Approvals.requiredByPolicy(" ", prodAndStaging)).isFalse();
    assertThat(Approvals.requiredByPolicy(null, prodAndStaging)).isFalse();
    assertThat(Approvals.requiredByPolicy("production", List.of())).isFalse();
  }

  @Test
  void required_byTheFlag_whateverThePolicy() {
    assertThat(Approvals.required(true, List.of(host("dev-01", "dev")))).isTrue();
  }

  private static Host host(String name, String env) {
    return new Host(name, "10.0.0.1", 22, "ops", null, List.of(), null, env, null, null, "test");
  }
}
