package com.example.statics;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports orders to a downstream system. An order enters IN_FLIGHT_EXPORTS when its export
 * starts and should leave it when the export completes, but the completion callback of a timed-out
 * export never runs, so timed-out orders stay in the map forever: the leak.
 */
public final class OrderExportService {
  static final ConcurrentHashMap<Long, OrderAggregate> IN_FLIGHT_EXPORTS = new ConcurrentHashMap<>();

  private OrderExportService() {}

  static void begin(OrderAggregate order) {
    IN_FLIGHT_EXPORTS.put(order.orderId(), order);
  }

  /** Only a completed export removes its order; a timeout skips this. */
  static void complete(long orderId) {
    IN_FLIGHT_EXPORTS.remove(orderId);
  }
}
