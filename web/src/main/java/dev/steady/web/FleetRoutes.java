package dev.steady.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.account.Role;
import dev.steady.audit.AuditEntry;
import dev.steady.exec.FleetCheck;
import dev.steady.inventory.Host;
import dev.steady.inventory.Inventory;
import dev.steady.run.Lease;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The fleet page: hosts in inventory order as a grid grouped by group, each with its environment,
 * its last identity check (from the audit log) and the run holding its lease; and the button that
 * checks the identity of every host now.
 */
final class FleetRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Services services;
  private final AtomicBoolean checking = new AtomicBoolean();

  FleetRoutes(Services services) {
    this.services = services;
  }

  void register(RoutesConfig routes) {
    routes.get("/", this::page);
    routes.post("/fleet/check", this::check);
  }

  private void page(Context ctx) {
    Session session = Access.session(ctx);
    Inventory inventory = services.inventory();
    List<Host> hosts = inventory.hosts();
    Map<String, AuditEntry> identity = services.store.latestPerHost("identity", hosts.stream().map(Host::name).toList());
    Map<String, Lease> leases = services.store.leases().stream().collect(Collectors.toMap(Lease::host, l -> l, (a, b) -> a));
    StringBuilder b = new StringBuilder("<h1>Fleet</h1>");
    b.append("<p>").append(Html.count(hosts.size())).append(" hosts from <code>").append(Html.esc(String.valueOf(inventory.source())))
        .append("</code>, in inventory order.</p>");
    if (services.inventoryProblem() != null) {
      b.append(Html.notice("bad", "The inventory file was changed but cannot be read, so this page shows its last good version: "
          + services.inventoryProblem()));
    }
    if (checking.get()) {
      b.append(Html.notice("info", "Identity check in progress; this page refreshes as results arrive."));
      ctx.header("Refresh", "2");
    } else if (ctx.queryParam("checked") != null) {
      b.append(Html.notice("info", "Identity check finished; each host shows its result below."));
    }
    b.append("<form class=\"act\" method=\"post\" action=\"/fleet/check\">").append(Html.csrfField(session))
        .append(Html.button("check-fleet", null, "Check identity of all hosts", Access.roleRefusal(session, Role::canOperate,
            "check the fleet's identity"))).append("</form>");
    for (Map.Entry<String, List<Host>> group : groups(inventory, hosts).entrySet()) {
      b.append("<section aria-labelledby=\"g-").append(Html.esc(group.getKey())).append("\"><h2 id=\"g-").append(Html.esc(group.getKey()))
          .append("\">").append(Html.esc(group.getKey())).append("</h2><ul class=\"grid\">");
      group.getValue().forEach(h -> b.append(card(h, identity.get(h.name()), leases.get(h.name()))));
      b.append("</ul></section>");
    }
    ctx.html(Html.page("Fleet", session, b.toString()));
  }

  /** Group name to its hosts in inventory order; hosts in no group under "ungrouped". */
  private static Map<String, List<Host>> groups(Inventory inventory, List<Host> hosts) {
    Map<String, List<Host>> groups = new LinkedHashMap<>();
    inventory.groups().forEach((name, members) -> {
      List<Host> list = hosts.stream().filter(h -> members.contains(h.name())).toList();
      if (!list.isEmpty()) {
        groups.put(name, list);
      }
    });
    List<Host> none = new ArrayList<>(hosts.stream().filter(h -> h.groups().isEmpty()).toList());
    if (!none.isEmpty() || groups.isEmpty()) {
      groups.put("ungrouped", none);
    }
    return groups;
  }

  private static String card(Host h, AuditEntry identity, Lease lease) {
    StringBuilder b = new StringBuilder("<li class=\"host ").append(h.isProduction() ? "prod" : "").append("\">");
    b.append("<h3>").append(Html.esc(h.name())).append("</h3>").append(Html.env(h.env()));
    b.append("<p class=\"addr\">").append(Html.esc(h.user() + "@" + h.address() + ":" + h.port())).append("</p>");
    if (identity == null) {
      b.append("<p class=\"identity none\">identity: never checked</p>");
    } else {
      JsonNode data = data(identity);
      String code = data.path("identity").asText("unknown");
      b.append("<p class=\"identity ").append("ok".equals(code) ? "ok" : "bad").append("\">identity: ").append(Html.esc(code))
          .append(" <span class=\"when\">").append(Html.time(identity.at())).append("</span></p>");
      if (!"ok".equals(code)) {
        b.append("<p class=\"msg\">").append(Html.esc(data.path("message").asText(""))).append("</p>");
      }
    }
    if (lease != null) {
      b.append("<p class=\"lease\">leased by run <a href=\"/runs/").append(Html.esc(lease.run())).append("\">").append(Html.esc(lease.run()))
          .append("</a> (").append(Html.esc(lease.user())).append(")</p>");
    }
    return b.append("</li>").toString();
  }

  static JsonNode data(AuditEntry e) {
    try {
      return JSON.readTree(e.dataJson());
    } catch (JsonProcessingException ex) {
      return JSON.createObjectNode();
    }
  }

  /** Checks every host in the background (each result is audited as it arrives); waits a few seconds, enough for a healthy fleet. */
  private void check(Context ctx) {
    Session session = Access.require(ctx, Role::canOperate, "check the fleet's identity");
    if (checking.compareAndSet(false, true)) {
      Background.start(services.background, () -> {
        try {
          return new FleetCheck(services.transport, services.audit(session)).check(services.inventory().hosts(), 20, c -> {});
        } finally {
          checking.set(false);
        }
      }, 10_000);
    }
    ctx.redirect(checking.get() ? "/" : "/?checked=1", HttpStatus.SEE_OTHER);
  }
}
