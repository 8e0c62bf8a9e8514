package com.example.order;

import com.example.order.domain.OrderAggregate;
import java.io.IOException;

/**
 * Sends an order's export document downstream. During the incident the
 * downstream endpoint answers 503 for four orders out of five (every order
 * whose id is not a multiple of 5), deterministically.
 */
final class ExportClient {
    private long bytesSent;

    void export(OrderAggregate order) throws ExportException, IOException {
        // Reads the first chunk of the document (fills the stream's 8 KiB buffer)
        // and renders a request envelope: short-lived garbage for the young GC.
        byte[] chunk = new byte[512];
        int n = order.attachment().read(chunk);
        String envelope = "POST /v2/exports order=" + order.orderId() + " customer=" + order.customerId()
                + " bytes=" + n + " lines=" + order.lines().size();
        bytesSent += envelope.length() + n;
        if (order.orderId() % 5 != 0) {
            throw new ExportException("503 Service Unavailable for order " + order.orderId());
        }
    }

    long bytesSent() {
        return bytesSent;
    }
}
