package dev.steady.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes values as canonical JSON straight to a generator ({@link
 * dev.steady.canonical.CanonicalJson}'s text, without building it first): object keys sorted as
 * {@link String#compareTo} sorts them, and {@link Streamed} values written when their key comes.
 */
final class SortedJson {

  /** A value written by code, e.g. a million files read from the store while they are written. */
  @FunctionalInterface
  interface Streamed {
    void write(JsonGenerator gen) throws IOException;
  }

  private SortedJson() {}

  static void write(JsonGenerator gen, Object value) throws IOException {
    switch (value) {
      case null -> gen.writeNull();
      case String s -> gen.writeString(s);
      case Boolean b -> gen.writeBoolean(b);
      case Integer i -> gen.writeNumber(i.longValue());
      case Long l -> gen.writeNumber(l.longValue());
      case Map<?, ?> m -> writeObject(gen, m);
      case List<?> l -> writeArray(gen, l);
      case Streamed s -> s.write(gen);
      default -> throw new IllegalArgumentException("no canonical JSON for " + value.getClass());
    }
  }

  private static void writeObject(JsonGenerator gen, Map<?, ?> map) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<String, Object> e : sorted(map).entrySet()) {
      gen.writeFieldName(e.getKey());
      write(gen, e.getValue());
    }
    gen.writeEndObject();
  }

  private static TreeMap<String, Object> sorted(Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put((String) k, v));
    return sorted;
  }

  private static void writeArray(JsonGenerator gen, List<?> list) throws IOException {
    gen.writeStartArray();
    for (Object element : list) {
      write(gen, element);
    }
    gen.writeEndArray();
  }
}
