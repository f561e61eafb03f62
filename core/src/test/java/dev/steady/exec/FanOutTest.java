package dev.steady.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.inventory.Host;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/** Fan-out starts hosts in inventory order and never runs more than the concurrency at once. */
@Timeout(30)
class FanOutTest {

  static List<Host> hosts(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> new Host(String.format("app-%02d", i), "10.0.0." + i, 22, "ops", null, List.of(),
        Map.of(), "production", null, null, "test")).toList();
  }

  @RepeatedTest(5)
  void atConcurrencyOne_hostsStartOneByOneInInventoryOrder() {
    List<String> started = Collections.synchronizedList(new ArrayList<>());

    FanOut.run(hosts(40), 1, h -> {
      started.add(h.name());
      Thread.yield();
      return h.name();
    }, r -> {});

    assertThat(started).containsExactlyElementsOf(hosts(40).stream().map(Host::name).toList());
  }

  @RepeatedTest(3)
  void atConcurrencyN_startsFollowInventoryOrder_andNeverMoreThanNRun_andResultsComeBackInOrder() throws Exception {
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<String> delivered = new ArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();

    FanOut.run(hosts(30), 4, h -> {
      started.add(h.name());
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(h.name().endsWith("3") ? 30 : 5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      return h.name();
    }, delivered::add);

    assertThat(peak.get()).isBetween(1, 4);
    assertThat(delivered).containsExactlyElementsOf(hosts(30).stream().map(Host::name).toList());
    List<String> order = hosts(30).stream().map(Host::name).toList();
    for (int i = 4; i < started.size(); i++) {
      assertThat(order.indexOf(started.get(i))).as("a host starts only after every host listed 4 before it started")
          .isGreaterThan(order.indexOf(started.get(i - 4)));
    }
  }
}
