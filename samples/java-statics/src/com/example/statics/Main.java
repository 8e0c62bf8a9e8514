package com.example.statics;

/**
 * Drives the export service, then waits for a heap dump. The statics live in other classes than
 * this main class, so they are reached only through the application class loader (as in a real
 * service), not through the launcher's reference to the main class.
 *
 * <p>Arguments: mode (live | dropped), orders, document bytes, audit payload bytes. In "live"
 * mode every 20th export completes and the rest time out and stay in IN_FLIGHT_EXPORTS. In
 * "dropped" mode the service then gives up on all of them (the map is cleared): the orders are
 * garbage, and a dump taken without a GC (jmap -dump without live) still contains them.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "live";
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    int documentBytes = args.length > 2 ? Integer.parseInt(args[2]) : 10_240;
    int auditBytes = args.length > 3 ? Integer.parseInt(args[3]) : 8_192;
    int created = 0;
    int completed = 0;
    for (long id = 1; OrderExportService.IN_FLIGHT_EXPORTS.size() < orders; id++) {
      OrderAggregate order = new OrderAggregate(id, documentBytes);
      created++;
      OrderExportService.begin(order);
      CustomerNames.nameOf("c" + (id % 1500));
      AuditTrail.record(id, "export-started", auditBytes);
      if (id % 20 == 0) {
        OrderExportService.complete(id);
        completed++;
      }
    }
    int inFlight = OrderExportService.IN_FLIGHT_EXPORTS.size();
    if ("dropped".equals(mode)) OrderExportService.IN_FLIGHT_EXPORTS.clear();
    System.out.printf(
        "FACTS {\"mode\":\"%s\",\"ordersCreated\":%d,\"exportsCompleted\":%d,\"inFlightBeforeDrop\":%d,"
            + "\"inFlightExports\":%d,\"documentBytes\":%d,\"auditRingSize\":%d,\"auditRingFilled\":%d,"
            + "\"auditPayloadBytes\":%d,\"customerNames\":%d}%n",
        mode,
        created,
        completed,
        inFlight,
        OrderExportService.IN_FLIGHT_EXPORTS.size(),
        documentBytes,
        AuditTrail.RING.length,
        AuditTrail.filled(),
        auditBytes,
        CustomerNames.NAMES.size());
    System.out.println("READY " + ProcessHandle.current().pid());
    System.out.flush();
    // Wait for the dump; the generator kills the JVM afterwards. No allocation here, so no GC
    // runs between the drop and the dump.
    Thread.sleep(120_000);
  }
}
