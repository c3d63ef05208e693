package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.LinkGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster.linked_accounts}: a group of accounts tied together by shared identity documents,
 * payout accounts, devices or repeated low-fan-out IP addresses. One finding per member, naming the
 * others and the links.
 *
 * <p>Severity follows how many kinds of identifier hold the group together, since one kind alone is
 * already its own signal ({@code device.fanout}, {@code identifier.shared_payout}...) and must not be
 * counted twice: one kind is low (an agency paid into its company account, a family computer), two
 * kinds the configured severity, three or more one step higher.
 */
public final class ClusterLinkedAccounts implements Detector.OfGroup {

    private final int limit;
    private final Severity severity;

    public ClusterLinkedAccounts(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.LINKED_MIN_ACCOUNTS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.CLUSTER_LINKED_ACCOUNTS;
    }

    @Override
    public void evaluate(Event event, LinkGraph.Group group, List<Finding> out) {
        int size = group.size();
        if (size < limit) {
            return;
        }
        Map<LinkGraph.Kind, Integer> ids = group.identifiers();
        int kinds = ids.size();
        Severity s = kinds <= 1 ? Severity.LOW : kinds >= 3 ? severity.raised() : severity;
        List<String> parts = new ArrayList<>();
        Evidence.Builder common = Evidence.builder()
                .put("accounts_count", size)
                .put("limit", limit);
        ids.forEach((kind, n) -> {
            parts.add(kind.count(n));
            common.put(kind.wireName() + "_count", n);
        });
        common.put("links_count", group.linkCount()).list("links", group.links())
                .mention(Evidence.Kind.ACCOUNT, LinkGraph.mentionedAccounts(group.links()))
                .mention(Evidence.Kind.IP, LinkGraph.mentionedAddresses(group.links()));
        Evidence base = common.build();
        String summary = size + " accounts linked by " + Wording.and(parts) + " (limit " + limit + ")";
        // A group growing is news; one tied by a new kind of identifier is too, through its severity.
        for (String account : group.members()) {
            List<String> others = new ArrayList<>(group.members());
            others.remove(account);
            boolean raiser = account.equals(event.account());
            out.add(new Finding(signal(), account, s, size, SharedIdentifier.WINDOW, summary,
                    Evidence.builder().putAll(base).accounts("other_accounts", others).build(),
                    raiser && event.ip() != null ? event.ip().toString() : null, null, raiser ? event.device() : null));
        }
    }
}
