package io.logintelemetry.export.delivery;

import java.util.List;

/**
 * What a receiver made of a batch.
 *
 * <ul>
 *   <li>{@link Kind#DELIVERED}: every record acknowledged.</li>
 *   <li>{@link Kind#RETRY}: nothing acknowledged (unreachable, timeout, 5xx, 429): send again later.</li>
 *   <li>{@link Kind#PARTIAL}: the records at {@link #retry()} must be sent again; {@link #rejected()}
 *       others were refused for good (counted, not retried); the rest were acknowledged.</li>
 *   <li>{@link Kind#REJECTED}: the receiver refuses these records for good (e.g. 400): counted and
 *       dropped, so one bad record cannot block the rest.</li>
 *   <li>{@link Kind#FATAL}: the receiver refuses us (401, 403): retrying cannot help, so sending
 *       stops until the configuration is fixed and the app restarted; records stay spooled.</li>
 * </ul>
 *
 * @param kind     the outcome
 * @param reason   why, for the logs (never a secret)
 * @param retry    for PARTIAL, the indexes in the batch to send again
 * @param rejected for PARTIAL, how many were refused for good
 */
public record Result(Kind kind, String reason, List<Integer> retry, int rejected) {

    public enum Kind { DELIVERED, RETRY, PARTIAL, REJECTED, FATAL }

    private static final Result DELIVERED = new Result(Kind.DELIVERED, "", List.of(), 0);

    public static Result delivered() {
        return DELIVERED;
    }

    public static Result retry(String reason) {
        return new Result(Kind.RETRY, reason, List.of(), 0);
    }

    public static Result rejected(String reason) {
        return new Result(Kind.REJECTED, reason, List.of(), 0);
    }

    public static Result fatal(String reason) {
        return new Result(Kind.FATAL, reason, List.of(), 0);
    }

    /** Some records to send again, some refused for good; a partial result with nothing to retry or refuse is a delivery. */
    public static Result partial(List<Integer> retry, int rejected, String reason) {
        if (retry.isEmpty() && rejected == 0) {
            return DELIVERED;
        }
        return new Result(Kind.PARTIAL, reason, List.copyOf(retry), rejected);
    }
}
