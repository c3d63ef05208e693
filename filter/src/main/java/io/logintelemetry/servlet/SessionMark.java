package io.logintelemetry.servlet;

import io.logintelemetry.event.BoundedText;
import jakarta.servlet.http.HttpSession;

/**
 * What we keep on a session: its key as we report it (a hash of its id, fixed at first sight so
 * that an id change on login keeps it; the raw id is a credential) and the account we saw log in
 * on it. Both live in one string attribute, {@code "s-<20 hex digits>"} or
 * {@code "s-<20 hex digits> <account>"}.
 *
 * <p>Why one string: the host's session carries one small entry of ours, not two; every request
 * reads it once; pages that list a session's attributes (Tomcat's examples do, on every request)
 * render one line more, not two; and a container that persists or replicates sessions needs none
 * of our classes to read it back. Every method treats an invalidated session as one without a mark.
 */
final class SessionMark {

    static final String ATTRIBUTE = "io.logintelemetry.session";
    /**
     * Where earlier builds kept the account, {@link #ATTRIBUTE} then holding the key alone. A container
     * that persists sessions brings such sessions back after an upgrade: {@link #upgraded} and
     * {@link #accountOf(HttpSession, String)} read it, {@link #record} removes it.
     */
    static final String EARLIER_ACCOUNT = "io.logintelemetry.account";
    /** {@code "s-"} and 20 hex digits. */
    private static final int KEY_LENGTH = 22;

    private SessionMark() {
    }

    /** The session's mark, made (key only) at first sight; null without a session or once it is invalidated. */
    static String of(HttpSession session) {
        if (session == null) {
            return null;
        }
        String mark = existing(session);
        if (mark != null) {
            return mark;
        }
        try {
            String created = "s-" + BoundedText.sha256Hex(session.getId()).substring(0, KEY_LENGTH - 2);
            session.setAttribute(ATTRIBUTE, created);
            return created;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** The session's mark if it has one; never makes one (a session ending). */
    static String existing(HttpSession session) {
        try {
            return session.getAttribute(ATTRIBUTE) instanceof String mark && isMark(mark) ? mark : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** The session key in {@code mark}, or null when it is none of ours. */
    static String keyOf(String mark) {
        return isMark(mark) ? mark.substring(0, KEY_LENGTH) : null;
    }

    /** Whether {@code mark} has the shape of ours; allocates nothing (it is asked on every request). */
    private static boolean isMark(String mark) {
        return mark != null && mark.length() >= KEY_LENGTH && mark.startsWith("s-")
                && (mark.length() == KEY_LENGTH || mark.charAt(KEY_LENGTH) == ' ');
    }

    /** The account {@code mark} records as logged in, or null. */
    static String accountOf(String mark) {
        return mark != null && mark.length() > KEY_LENGTH + 1 ? mark.substring(KEY_LENGTH + 1) : null;
    }

    /**
     * The account a session ending logged in with: from its mark, or from where earlier builds kept it.
     */
    static String accountOf(HttpSession session, String mark) {
        String account = accountOf(mark);
        if (account != null || mark == null) {
            return account;
        }
        try {
            return session.getAttribute(EARLIER_ACCOUNT) instanceof String earlier ? earlier : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /**
     * Whether {@code session}, whose {@code mark} holds no account, is one an earlier build saw
     * {@code account} log in on; if so its mark now records it (and the earlier attribute is gone).
     */
    static boolean upgraded(HttpSession session, String mark, String account) {
        if (session == null || account == null || accountOf(mark) != null) {
            return false;
        }
        try {
            if (!account.equals(session.getAttribute(EARLIER_ACCOUNT))) {
                return false;
            }
        } catch (IllegalStateException invalidated) {
            return false;
        }
        record(session, keyOf(mark), account);
        return true;
    }

    /** Whether {@code mark} records {@code account} as logged in; allocates nothing. */
    static boolean records(String mark, String account) {
        return mark != null && account != null && mark.length() == KEY_LENGTH + 1 + account.length()
                && mark.regionMatches(KEY_LENGTH + 1, account, 0, account.length());
    }

    /**
     * Records {@code account} (null: none) as logged in on {@code session}, whose key is {@code key}
     * ({@link #keyOf}). Does nothing when the session is gone.
     */
    static void record(HttpSession session, String key, String account) {
        if (session == null || key == null) {
            return;
        }
        try {
            session.setAttribute(ATTRIBUTE, account == null ? key : key + " " + account);
            if (session.getAttribute(EARLIER_ACCOUNT) != null) {
                session.removeAttribute(EARLIER_ACCOUNT);
            }
        } catch (IllegalStateException invalidated) {
            // Ended meanwhile: nothing to record it on.
        }
    }
}
