package com.example.statics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One order being exported: a customer, a few line items and the rendered export document. */
public final class OrderAggregate {
  /** One line of an order. */
  public record LineItem(String sku, int quantity, long priceCents) {}

  private final long orderId;
  private final String customer;
  private final List<LineItem> lines = new ArrayList<>();
  private final byte[] document;

  public OrderAggregate(long orderId, int documentBytes) {
    this.orderId = orderId;
    this.customer = "customer-" + (orderId % 977);
    for (int i = 0; i < 3; i++) {
      lines.add(new LineItem("SKU-" + (orderId * 3 + i) % 10_000, 1 + i, 499L * (i + 1)));
    }
    // The rendered CSV repeated to the document size: real-looking and compressible, so the
    // committed dump stays small.
    byte[] row = ("order," + orderId + "," + customer + ",EUR,pending\n").getBytes(StandardCharsets.US_ASCII);
    document = new byte[documentBytes];
    for (int i = 0; i < documentBytes; i++) document[i] = row[i % row.length];
  }

  public long orderId() {
    return orderId;
  }

  public int documentBytes() {
    return document.length;
  }

  public int lineCount() {
    return lines.size();
  }
}
