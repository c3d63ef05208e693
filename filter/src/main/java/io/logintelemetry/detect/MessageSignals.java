package io.logintelemetry.detect;

import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the two message-content signals share: a flag for the sender naming the kinds found and the recipient. */
final class MessageSignals {

    /** A sender proposing the same again within a week is no news unless it finds new ways. */
    static final long WINDOW = 7L * 86_400_000L;

    private MessageSignals() {
    }

    static String words(Set<? extends Enum<?>> kinds) {
        return Wording.and(kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList());
    }

    static List<String> wireNames(Set<? extends Enum<?>> kinds) {
        return kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }

    static void add(Signal signal, Event event, Severity severity, Set<? extends Enum<?>> kinds, String summary,
                    Evidence.Builder extra, List<Finding> out) {
        Evidence evidence = extra
                .list("kinds", wireNames(kinds))
                .account("to", event.detail("to"))
                .build();
        out.add(new Finding(signal, event.account(), severity, kinds.size(), WINDOW, summary, evidence,
                event.ip() == null ? null : event.ip().toString(), event.session(), event.device()));
    }
}
