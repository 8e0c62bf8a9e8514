package com.example.statics;

import java.util.HashMap;
import java.util.Map;

/** Display names by customer id: a small, ordinary cache (a third static). */
public final class CustomerNames {
  static final Map<String, String> NAMES = new HashMap<>();

  private CustomerNames() {}

  static String nameOf(String customerId) {
    return NAMES.computeIfAbsent(customerId, id -> "Customer " + id.toUpperCase(java.util.Locale.ROOT));
  }
}
