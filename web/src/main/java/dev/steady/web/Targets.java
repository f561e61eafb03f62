package dev.steady.web;

import dev.steady.inventory.Host;
import dev.steady.inventory.Inventory;

/** Suggestions for a target field: the inventory's groups, then its hosts, as a datalist the field offers while typing. */
final class Targets {

  private Targets() {}

  static String datalist(Inventory inventory) {
    StringBuilder b = new StringBuilder("<datalist id=\"targets\"><option value=\"all\">");
    inventory.groups().keySet().forEach(g -> b.append("<option value=\"").append(Html.esc(g)).append("\">"));
    inventory.hosts().stream().map(Host::name).forEach(h -> b.append("<option value=\"").append(Html.esc(h)).append("\">"));
    return b.append("</datalist>").toString();
  }
}
