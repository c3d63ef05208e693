package io.logintelemetry.detect;

import io.logintelemetry.event.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Marketplace events for {@link Sim}: an engine with marketplace events on, and builders for their events. */
final class Market {

    static final String SECRET = "test-secret-0123456789";

    private Market() {
    }

    /** An engine with marketplace events on (and a secret), plus {@code keyValues} as in {@link Sim#with}. */
    static Sim sim(String... keyValues) {
        List<String> all = new ArrayList<>(List.of("marketplace.enabled", "true", "hash.secret", SECRET));
        all.addAll(Arrays.asList(keyValues));
        return Sim.with(all.toArray(String[]::new));
    }

    static Sim.Ev document(String account, long time, String number) {
        return document(account, time, number, "Taro Yamada");
    }

    static Sim.Ev document(String account, long time, String number, String name) {
        return Sim.ev(EventType.IDENTITY_DOCUMENT, account, time).detail("document", number).detail("name", name);
    }

    static Sim.Ev payout(String account, long time, String ref, String holder) {
        return Sim.ev(EventType.PAYOUT_ACCOUNT, account, time).detail("payout_ref", ref).detail("holder_name", holder);
    }

    static Sim.Ev change(String account, long time, String field, String value) {
        Sim.Ev e = Sim.ev(EventType.PROFILE_CHANGE, account, time).detail("field", field);
        return value == null ? e : e.detail("value", value);
    }

    static Sim.Ev review(String account, long time, String subject, Integer rating) {
        Sim.Ev e = Sim.ev(EventType.REVIEW, account, time).detail("subject", subject);
        return rating == null ? e : e.detail("rating", String.valueOf(rating));
    }

    static Sim.Ev offer(String account, long time, String rate, String currency, String category) {
        return Sim.ev(EventType.OFFER, account, time).detail("rate", rate).detail("currency", currency)
                .detail("category", category);
    }

    static Sim.Ev profile(String account, long time, String name, String country) {
        return Sim.ev(EventType.PROFILE, account, time).detail("name", name).detail("country", country);
    }

    static Sim.Ev message(String account, long time, String to, String text) {
        return Sim.ev(EventType.MESSAGE, account, time).detail("to", to).detail("text", text);
    }

    static Sim.Ev profile(String account, long time, String name, String reading, String country) {
        Sim.Ev e = Sim.ev(EventType.PROFILE, account, time).detail("name", name).detail("country", country);
        return reading == null ? e : e.detail("name_reading", reading);
    }
}
