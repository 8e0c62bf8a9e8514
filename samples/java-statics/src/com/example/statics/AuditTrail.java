package com.example.statics;

/** The last N audit records, in a fixed ring: bounded, but big (a second, legitimate static). */
public final class AuditTrail {
  /** One audit record with its serialized payload. */
  public record AuditRecord(long orderId, String action, byte[] payload) {}

  static final AuditRecord[] RING = new AuditRecord[512];
  private static int next;

  private AuditTrail() {}

  static void record(long orderId, String action, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    byte[] text = (action + " " + orderId + ";").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < payloadBytes; i++) payload[i] = text[i % text.length];
    RING[next] = new AuditRecord(orderId, action, payload);
    next = (next + 1) % RING.length;
  }

  static int filled() {
    int n = 0;
    for (AuditRecord r : RING) if (r != null) n++;
    return n;
  }
}
