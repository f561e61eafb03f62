package dev.steady.exec;

import java.util.function.Consumer;

/** Releases results in index order although they complete in any order. */
final class InOrder<T> {

  private final Object[] done;
  private final Consumer<T> sink;
  private int next;

  InOrder(int size, Consumer<T> sink) {
    this.done = new Object[size];
    this.sink = sink;
  }

  @SuppressWarnings("unchecked")
  synchronized void complete(int index, T value) {
    done[index] = value;
    while (next < done.length && done[next] != null) {
      sink.accept((T) done[next]);
      next++;
    }
  }
}
