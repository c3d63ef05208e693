package io.logintelemetry.export.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logintelemetry.export.delivery.Result;
import io.logintelemetry.export.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Splunk HTTP Event Collector: batches of events POSTed to {@code /services/collector/event} with
 * {@code Authorization: Splunk <token>}.
 *
 * <p>With indexer acknowledgement, each request carries the channel header, Splunk answers with an
 * {@code ackId}, and the batch counts as delivered only once {@code /services/collector/ack} says
 * it is indexed; if that does not happen within the ack timeout, the batch is sent again (the flag
 * ids let searches de-duplicate).
 */
public final class HecTransport extends HttpTransport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI eventUri;
    private final URI ackUri;
    private final String authorization;
    private final String channel;
    private final boolean ack;
    private final Duration ackTimeout;

    /**
     * @param baseUrl    e.g. {@code https://splunk:8088}
     * @param channel    GUID of the channel, used with acknowledgement
     */
    public HecTransport(URI baseUrl, String token, boolean ack, String channel, Duration ackTimeout, int batchSize,
                        Duration timeout, SSLContext tls) {
        super(batchSize, timeout, tls);
        String base = base(baseUrl);
        if (base.endsWith("/services/collector/event")) {
            base = base.substring(0, base.length() - "/services/collector/event".length());
        }
        this.eventUri = URI.create(base + "/services/collector/event");
        this.ackUri = URI.create(base + "/services/collector/ack?channel=" + channel);
        this.authorization = "Splunk " + token;
        this.channel = channel;
        this.ack = ack;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public Result send(List<SpoolRecord> batch) throws InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 1024);
        for (SpoolRecord r : batch) {
            body.writeBytes(r.payload());
            body.write('\n');
        }
        HttpRequest.Builder request = http.request(eventUri)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (ack) {
            request.header("X-Splunk-Request-Channel", channel);
        }
        HttpSender.Answer answer = http.send(request.build());
        if (!answer.ok()) {
            Result oneBad = invalidEvent(answer, batch.size());
            return oneBad != null ? oneBad : answer.failureResult();
        }
        if (!ack) {
            return Result.delivered();
        }
        long ackId;
        try {
            JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || !node.path("ackId").canConvertToLong()) {
                return Result.retry("HEC answered without an ackId (are acknowledgements enabled on the token?)");
            }
            ackId = node.path("ackId").asLong();
        } catch (java.io.IOException e) {
            return Result.retry("HEC answer is not JSON");
        }
        return awaitAck(ackId);
    }

    /**
     * A 400 naming the event it could not take ({@code {"text":"Invalid data format","code":6,
     * "invalid-event-number":N}}): that record alone is refused for good, the others of the batch
     * are sent again (HEC indexes none after the bad one, maybe some before it: a repeat keeps its
     * flag id). Null for any other answer.
     */
    static Result invalidEvent(HttpSender.Answer answer, int batchSize) {
        if (answer.failure() != null || answer.status() != 400 || answer.body() == null) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(answer.body());
        } catch (java.io.IOException e) {
            return null;
        }
        if (node == null || !node.path("invalid-event-number").canConvertToInt()) {
            return null;
        }
        int bad = node.path("invalid-event-number").asInt();
        if (bad < 0 || bad >= batchSize) {
            return null;
        }
        List<Integer> again = new java.util.ArrayList<>(batchSize - 1);
        for (int i = 0; i < batchSize; i++) {
            if (i != bad) {
                again.add(i);
            }
        }
        String text = node.path("text").asText("").replaceAll("\\p{Cntrl}", " ");
        return Result.partial(again, 1, "HEC refused event " + bad + " of " + batchSize
                + (text.isEmpty() ? "" : " (" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")")
                + "; the others are sent again");
    }

    private Result awaitAck(long ackId) throws InterruptedException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        long pollMillis = Math.max(10, Math.min(1_000, ackTimeout.toMillis() / 10));
        byte[] query = ("{\"acks\":[" + ackId + "]}").getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() - deadline < 0) {
            HttpSender.Answer answer = http.send(http.request(ackUri)
                    .header("Authorization", authorization)
                    .header("X-Splunk-Request-Channel", channel)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build());
            if (answer.ok()) {
                try {
                    if (MAPPER.readTree(answer.body()).path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                        return Result.delivered();
                    }
                } catch (java.io.IOException e) {
                    // not JSON: ask again
                }
            } else if (answer.failure() == null && (answer.status() == 401 || answer.status() == 403)) {
                return answer.failureResult();
            }
            Thread.sleep(pollMillis);
        }
        return Result.retry("no indexer acknowledgement for ackId " + ackId + " within " + ackTimeout.toMillis() + " ms");
    }

    @Override
    public String describe() {
        return "Splunk HEC " + HttpSender.describe(eventUri);
    }
}
