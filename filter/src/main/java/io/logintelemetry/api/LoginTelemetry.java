package io.logintelemetry.api;

import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The public API for application code: report what the filter cannot see by itself (a custom
 * login, a failed login, profile and payout changes, reviews, messages, offers) and read an
 * account's level.
 *
 * <p>Every call is cheap and non-blocking: it builds an event and hands it to the engine of the
 * request's web application, in memory. Calls never throw: when Login Telemetry is switched off or
 * not installed in this webapp, or fails, they do nothing and return an empty result.
 *
 * <pre>{@code
 * if (passwordMatches) {
 *     LoginTelemetry.recordLogin(request, user.id());
 * } else {
 *     LoginTelemetry.recordLoginFailure(request, submittedName);
 * }
 * }</pre>
 */
public final class LoginTelemetry {

    private static final RateLimitedLog FAILURES = new RateLimitedLog(Logs.get("io.logintelemetry"), 60_000);

    private LoginTelemetry() {
    }

    /** A successful login by {@code account} on this request; returns the flags it raised. */
    public static List<Flag> recordLogin(HttpServletRequest request, String account) {
        return login(request, account, true);
    }

    /** A failed login attempt for the account name {@code account}. */
    public static List<Flag> recordLoginFailure(HttpServletRequest request, String account) {
        return login(request, account, false);
    }

    /** An explicit logout. */
    public static List<Flag> recordLogout(HttpServletRequest request, String account) {
        try {
            LoginTelemetryRuntime rt = runtime(request);
            return rt == null || account == null ? List.of() : rt.reportLogout(request, account);
        } catch (RuntimeException | LinkageError e) {
            FAILURES.error("Login Telemetry could not record a logout", e);
            return List.of();
        }
    }

    /** The account's declared name, its phonetic reading (may be null) and country (ISO 3166 alpha-2). */
    public static List<Flag> recordProfile(HttpServletRequest request, String account, String name, String nameReading,
                                           String country) {
        return record(request, EventType.PROFILE, account,
                b -> b.detail("name", name).detail("name_reading", nameReading).detail("country", country));
    }

    /**
     * A profile detail changed: {@code field} is {@code display_name}, {@code email}, {@code phone}
     * or {@code address}; {@code value} may be null.
     */
    public static List<Flag> recordProfileChange(HttpServletRequest request, String account, String field, String value) {
        return record(request, EventType.PROFILE_CHANGE, account, b -> b.detail("field", field).detail("value", value));
    }

    /** Payout details set or changed: the holder's name and the bank account or wallet reference. */
    public static List<Flag> recordPayoutAccount(HttpServletRequest request, String account, String holderName,
                                                 String payoutReference) {
        return record(request, EventType.PAYOUT_ACCOUNT, account,
                b -> b.detail("holder_name", holderName).detail("payout_ref", payoutReference));
    }

    /** An identity document registered: its number and the name on it. */
    public static List<Flag> recordIdentityDocument(HttpServletRequest request, String account, String documentNumber,
                                                    String name) {
        return record(request, EventType.IDENTITY_DOCUMENT, account,
                b -> b.detail("document", documentNumber).detail("name", name));
    }

    /** {@code account} reviewed {@code subject}, with a rating from 1 to 5 or null. */
    public static List<Flag> recordReview(HttpServletRequest request, String account, String subject, Integer rating) {
        return record(request, EventType.REVIEW, account,
                b -> b.detail("subject", subject).detail("rating", rating == null ? null : rating.toString()));
    }

    /** A message relayed by the platform from {@code account} to {@code recipient}. */
    public static List<Flag> recordMessage(HttpServletRequest request, String account, String recipient, String text) {
        return record(request, EventType.MESSAGE, account, b -> b.detail("to", recipient).detail("text", text));
    }

    /** A quoted rate. */
    public static List<Flag> recordOffer(HttpServletRequest request, String account, BigDecimal rate, String currency,
                                         String category) {
        return record(request, EventType.OFFER, account, b -> b.detail("rate", rate == null ? null : rate.toPlainString())
                .detail("currency", currency).detail("category", category));
    }

    /** The account's current level; {@link RiskLevel#LOW} when unknown or when we are not running. */
    public static RiskLevel levelOf(HttpServletRequest request, String account) {
        try {
            LoginTelemetryRuntime rt = runtime(request);
            return rt == null || account == null ? RiskLevel.LOW : rt.engine().levelOf(account);
        } catch (RuntimeException | LinkageError e) {
            FAILURES.error("Login Telemetry could not read an account level", e);
            return RiskLevel.LOW;
        }
    }

    private static List<Flag> login(HttpServletRequest request, String account, boolean success) {
        try {
            LoginTelemetryRuntime rt = runtime(request);
            return rt == null || account == null ? List.of() : rt.reportLogin(request, account, success);
        } catch (RuntimeException | LinkageError e) {
            FAILURES.error("Login Telemetry could not record a login", e);
            return List.of();
        }
    }

    private static List<Flag> record(HttpServletRequest request, EventType type, String account,
                                     UnaryOperator<Event.Builder> details) {
        try {
            LoginTelemetryRuntime rt = runtime(request);
            if (rt == null || account == null) {
                return List.of();
            }
            return rt.engine().accept(details.apply(rt.eventFor(request, type, account)).build());
        } catch (RuntimeException | LinkageError e) {
            FAILURES.error("Login Telemetry could not record a " + type.wireName() + " event", e);
            return List.of();
        }
    }

    private static LoginTelemetryRuntime runtime(HttpServletRequest request) {
        if (request == null) {
            return null;
        }
        Object rt = request.getServletContext().getAttribute(LoginTelemetryRuntime.CONTEXT_ATTRIBUTE);
        return rt instanceof LoginTelemetryRuntime r ? r : null;
    }
}
