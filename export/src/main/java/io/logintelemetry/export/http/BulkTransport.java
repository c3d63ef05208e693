package io.logintelemetry.export.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logintelemetry.export.delivery.Result;
import io.logintelemetry.export.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * ECS documents to the Elasticsearch {@code _bulk} API (also OpenSearch and compatible stores).
 *
 * <p>Each document is a {@code create} with the flag id as {@code _id}, so a flag delivered twice
 * (after a crash or a lost answer) is refused as a conflict (409) instead of stored twice; a 409
 * therefore counts as delivered. The answer is read per item: items refused with 429 or 5xx are
 * sent again on their own; other refusals (a mapping error) are counted and not retried.
 */
public final class BulkTransport extends HttpTransport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI bulkUri;
    private final String index;
    private final String authorization;

    /** @param authorization the whole Authorization header value, or null */
    public BulkTransport(URI baseUrl, String index, String authorization, int batchSize, Duration timeout, SSLContext tls) {
        super(batchSize, timeout, tls);
        String base = base(baseUrl);
        this.bulkUri = URI.create(base.endsWith("/_bulk") ? base : base + "/_bulk");
        this.index = index;
        this.authorization = authorization;
    }

    @Override
    public Result send(List<SpoolRecord> batch) throws InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 1024);
        try {
            for (SpoolRecord r : batch) {
                try (JsonGenerator g = MAPPER.getFactory().createGenerator(body)) {
                    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                    g.writeStartObject();
                    g.writeObjectFieldStart("create");
                    g.writeStringField("_index", index);
                    g.writeStringField("_id", r.id());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                body.write('\n');
                body.writeBytes(r.payload());
                body.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder request = http.request(bulkUri)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpSender.Answer answer = http.send(request.build());
        if (!answer.ok()) {
            return answer.failureResult();
        }
        return perItem(answer.body(), batch.size());
    }

    static Result perItem(String body, int expected) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            return Result.retry("bulk answer is not JSON");
        }
        if (root == null) {
            return Result.retry("empty bulk answer");
        }
        if (!root.path("errors").asBoolean(false)) {
            return Result.delivered();
        }
        JsonNode items = root.path("items");
        if (!items.isArray() || items.size() != expected) {
            return Result.retry("bulk answer lists " + items.size() + " item(s) for " + expected + " sent");
        }
        List<Integer> retry = new ArrayList<>();
        int rejected = 0;
        String firstReason = null;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i).elements().hasNext() ? items.get(i).elements().next() : items.get(i);
            int status = item.path("status").asInt(0);
            if ((status >= 200 && status < 300) || status == 409) {
                continue;
            }
            if (firstReason == null) {
                firstReason = "item status " + status + " " + item.path("error").path("type").asText("");
            }
            if (status == 429 || status >= 500 || status == 0) {
                retry.add(i);
            } else {
                rejected++;
            }
        }
        return Result.partial(retry, rejected, firstReason == null ? "" : firstReason);
    }

    @Override
    public String describe() {
        return "bulk API " + HttpSender.describe(bulkUri) + " index " + index;
    }
}
