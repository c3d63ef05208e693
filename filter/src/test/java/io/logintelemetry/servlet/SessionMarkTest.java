package io.logintelemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionMarkTest {

    private static final String KEY = "s-0123456789abcdef0123";

    @Test
    void aMarkHoldsTheKeyAndTheAccountSeenOnTheSession() {
        assertThat(SessionMark.keyOf(KEY)).isEqualTo(KEY);
        assertThat(SessionMark.accountOf(KEY)).as("no login seen yet").isNull();
        String mark = KEY + " alice";
        assertThat(SessionMark.keyOf(mark)).isEqualTo(KEY);
        assertThat(SessionMark.accountOf(mark)).isEqualTo("alice");
        assertThat(SessionMark.records(mark, "alice")).isTrue();
        assertThat(SessionMark.records(mark, "alic")).isFalse();
        assertThat(SessionMark.records(mark, "alice2")).isFalse();
        assertThat(SessionMark.records(KEY, "alice")).isFalse();
        assertThat(SessionMark.records(null, "alice")).isFalse();
    }

    @Test
    void anAccountMayHoldSpacesAndAnything() {
        String account = "Jane Q. Public s-0123456789abcdef0123 \u00e9";
        String mark = KEY + " " + account;
        assertThat(SessionMark.keyOf(mark)).isEqualTo(KEY);
        assertThat(SessionMark.accountOf(mark)).isEqualTo(account);
        assertThat(SessionMark.records(mark, account)).isTrue();
    }

    @Test
    void aValueThatIsNoMarkOfOursHasNoKey() {
        assertThat(SessionMark.keyOf(null)).isNull();
        assertThat(SessionMark.keyOf("alice")).isNull();
        assertThat(SessionMark.keyOf("s-0123")).isNull();
        assertThat(SessionMark.keyOf(KEY + "x")).as("no separator after the key").isNull();
        assertThat(SessionMark.keyOf("x-0123456789abcdef0123 alice")).isNull();
    }
}
