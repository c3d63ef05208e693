package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.text.MessageFindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code message.template_reuse}: the same bid or message text, give or take names, numbers, links
 * and small edits, sent by several accounts within the window: one script behind several accounts.
 * Texts are compared by MinHash signature (character shingles, similarity at least 0.8 by default);
 * no text is kept. One finding per account involved, each naming the others.
 */
public final class MessageTemplateReuse implements Detector.OfMessage {

    private final int limit;
    private final long window;
    private final double similarity;
    private final Severity severity;

    public MessageTemplateReuse(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.TEMPLATE_MIN_ACCOUNTS);
        this.window = config.get(ConfigKeys.TEMPLATE_WINDOW).toMillis();
        this.similarity = config.get(ConfigKeys.TEMPLATE_SIMILARITY);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.MESSAGE_TEMPLATE_REUSE;
    }

    @Override
    public void evaluate(Event event, MessageFindings findings, Set<String> nearDuplicates, List<Finding> out) {
        int count = nearDuplicates.size() + 1;
        if (count < limit) {
            return;
        }
        List<String> accounts = new ArrayList<>(nearDuplicates);
        accounts.add(event.account());
        String summary = count + " accounts sent near-duplicate texts within " + Wording.duration(window)
                + " (limit " + limit + ")";
        Evidence common = Evidence.builder()
                .put("accounts_count", count)
                .put("limit", limit)
                .put("similarity", similarity)
                .put("window_minutes", Wording.minutes(window))
                .build();
        Severity s = Wording.severity(severity, count, limit);
        for (String account : accounts) {
            List<String> others = new ArrayList<>(accounts);
            others.remove(account);
            boolean sender = account.equals(event.account());
            out.add(new Finding(signal(), account, s, count, window, summary,
                    Evidence.builder().putAll(common).accounts("other_accounts", others).build(),
                    sender && event.ip() != null ? event.ip().toString() : null, null, sender ? event.device() : null));
        }
    }
}
