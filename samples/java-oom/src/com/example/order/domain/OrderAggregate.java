package com.example.order.domain;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order as the export pipeline sees it: header fields, line items, and the
 * rendered export document, opened as a stream when the aggregate is built.
 * The stream must be closed by whoever finishes the export.
 */
public final class OrderAggregate {
    /** Size of the rendered export document (the bytes behind the stream). */
    public static final int DOCUMENT_BYTES = 6 * 1024;
    public static final int LINES_PER_ORDER = 3;

    private final long orderId;
    private final String customerId;
    private final List<LineItem> lines;
    private final Instant createdAt;
    private final BufferedInputStream attachment;

    private OrderAggregate(long orderId, String customerId, List<LineItem> lines, Instant createdAt,
            BufferedInputStream attachment) {
        this.orderId = orderId;
        this.customerId = customerId;
        this.lines = lines;
        this.createdAt = createdAt;
        this.attachment = attachment;
    }

    /** Builds the aggregate and opens its export document (an 8 KiB-buffered stream). */
    public static OrderAggregate open(long orderId) {
        String customerId = String.format("CUST-%07d", orderId % 7919);
        List<LineItem> lines = new ArrayList<>(LINES_PER_ORDER);
        for (int i = 0; i < LINES_PER_ORDER; i++) {
            lines.add(new LineItem(String.format("SKU-%010d-%02d", orderId, i), 1 + i, 499 + 100L * i));
        }
        byte[] document = renderDocument(orderId, customerId);
        BufferedInputStream attachment = new BufferedInputStream(new ByteArrayInputStream(document));
        return new OrderAggregate(orderId, customerId, lines, Instant.ofEpochSecond(1_700_000_000L + orderId),
                attachment);
    }

    private static byte[] renderDocument(long orderId, String customerId) {
        byte[] doc = new byte[DOCUMENT_BYTES];
        byte[] line = ("{\"orderId\":" + orderId + ",\"customer\":\"" + customerId + "\",\"status\":\"EXPORT\"}\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < doc.length; off += line.length) {
            System.arraycopy(line, 0, doc, off, Math.min(line.length, doc.length - off));
        }
        return doc;
    }

    public long orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public List<LineItem> lines() {
        return lines;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public BufferedInputStream attachment() {
        return attachment;
    }

    /** A line of an order. */
    public record LineItem(String sku, int quantity, long priceCents) {
    }
}
