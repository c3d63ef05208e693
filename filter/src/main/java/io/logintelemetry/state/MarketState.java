package io.logintelemetry.state;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the marketplace signals remember of one account, kept apart from {@link AccountState} (in
 * {@link MarketplaceStore}'s own bounded cache) because few accounts have any: its recent profile
 * and payout changes, its current payout account (keyed hash) and holder name, its declared name
 * and country, the reviews it gave lately, and its day and night active time for
 * {@code activity.off_hours}. Every part has a fixed size.
 *
 * <p>Thread-safe: every method synchronises on the instance. The engine updates it and runs the
 * marketplace detectors under that lock; detectors only call the read methods.
 */
public final class MarketState {

    /** Changes and reviews remembered: above every limit we allow by default, and bounded. */
    static final int HISTORY = 32;
    private static final long DAY = 86_400_000L;
    private static final int DAYS = 7;

    private final String id;
    private long[] changeTimes;
    private int changes;
    /** Keyed hash of the last value of each profile field, so that re-saving a form is no change. */
    private Map<String, String> lastValues;
    private String payoutRef;
    private String holderName;
    private String declaredName;
    private String nameReading;
    private String country;

    private String[] reviewSubjects;
    private long[] reviewTimes;
    private byte[] reviewRatings;
    private int reviews;

    private long lastActivity = Long.MIN_VALUE;
    private long[] dayActive;
    private long[] nightActive;
    private long headDay = Long.MIN_VALUE;

    MarketState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Records a {@code profile_change} of {@code field} to a value with keyed hash {@code valueHash}
     * (null when the app did not send the value). Returns whether it counts as a change: a value
     * equal to the field's last one does not.
     */
    public synchronized boolean recordProfileChange(String field, String valueHash, long time) {
        if (lastValues == null) {
            lastValues = new HashMap<>(4);
        }
        String key = field == null ? "?" : field;
        if (valueHash != null) {
            if (valueHash.equals(lastValues.get(key))) {
                return false;
            }
            if (lastValues.size() < 8 || lastValues.containsKey(key)) {
                lastValues.put(key, valueHash);
            }
        }
        addChange(time);
        return true;
    }

    /**
     * Records a {@code payout_account} event. The first payout account is no change; a later one
     * with another reference (or none given) is.
     */
    public synchronized boolean recordPayout(String refHash, String holder, long time) {
        boolean change = payoutRef != null && (refHash == null || !refHash.equals(payoutRef));
        if (refHash != null) {
            payoutRef = refHash;
        }
        if (holder != null) {
            holderName = holder;
        }
        if (change) {
            addChange(time);
        }
        return change;
    }

    private void addChange(long time) {
        if (changeTimes == null) {
            changeTimes = new long[HISTORY];
        }
        changeTimes[changes % HISTORY] = time;
        changes++;
    }

    /** Times of the changes at or after {@code since}, oldest first (at most {@value #HISTORY}). */
    public synchronized List<Long> changesSince(long since) {
        List<Long> result = new ArrayList<>();
        for (int i = Math.max(0, changes - HISTORY); i < changes; i++) {
            long t = changeTimes[i % HISTORY];
            if (t >= since) {
                result.add(t);
            }
        }
        result.sort(null);
        return result;
    }

    /** The keyed hash of the current payout account, or null. */
    public synchronized String payoutRef() {
        return payoutRef;
    }

    /** The holder name of the current payout account as the app reported it, or null. */
    public synchronized String holderName() {
        return holderName;
    }

    /** Records a {@code profile} event; null fields leave what was known. */
    public synchronized void declare(String name, String reading, String declaredCountry) {
        if (name != null) {
            declaredName = name;
        }
        if (reading != null) {
            nameReading = reading;
        }
        if (declaredCountry != null) {
            country = declaredCountry;
        }
    }

    /** Takes the name on an identity document as the declared name when no profile gave one. */
    public synchronized void declareDocumentName(String name) {
        if (declaredName == null && name != null) {
            declaredName = name;
        }
    }

    public synchronized String declaredName() {
        return declaredName;
    }

    public synchronized String nameReading() {
        return nameReading;
    }

    /** The declared country (ISO 3166 alpha-2, as sent), or null. */
    public synchronized String country() {
        return country;
    }

    /** Records that this account reviewed {@code subject} with {@code rating} (0 when not given). */
    public synchronized void recordReview(String subject, int rating, long time) {
        if (reviewSubjects == null) {
            reviewSubjects = new String[HISTORY];
            reviewTimes = new long[HISTORY];
            reviewRatings = new byte[HISTORY];
        }
        int i = reviews % HISTORY;
        reviewSubjects[i] = subject;
        reviewTimes[i] = time;
        reviewRatings[i] = (byte) rating;
        reviews++;
    }

    /** Distinct accounts this account rated at least {@code minRating} at or after {@code since}, in order. */
    public synchronized List<String> topRatedSince(long since, int minRating) {
        Set<String> result = new LinkedHashSet<>();
        for (int i = Math.max(0, reviews - HISTORY); i < reviews; i++) {
            int j = i % HISTORY;
            if (reviewTimes[j] >= since && reviewRatings[j] >= minRating) {
                result.add(reviewSubjects[j]);
            }
        }
        return new ArrayList<>(result);
    }

    /** Whether this account reviewed {@code subject} among its last {@value #HISTORY} reviews. */
    public synchronized boolean reviewed(String subject) {
        for (int i = Math.max(0, reviews - HISTORY); i < reviews; i++) {
            if (reviewSubjects[i % HISTORY].equals(subject)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records activity at {@code time} for the night share: the time since the previous activity,
     * when at most {@code maxGap}, is active, and counts as night where it falls between
     * {@code nightStart} and {@code nightEnd} o'clock in {@code zone}. Kept per UTC day for 7 days.
     */
    public synchronized void recordActivity(long time, long maxGap, ZoneId zone, int nightStart, int nightEnd) {
        if (dayActive == null) {
            dayActive = new long[DAYS];
            nightActive = new long[DAYS];
        }
        if (lastActivity != Long.MIN_VALUE && time > lastActivity && time - lastActivity <= maxGap) {
            long from = lastActivity;
            while (from < time) {
                // Split at local hour boundaries (zones with half-hour offsets split at their own hours).
                long hourEnd = Math.min(time, (Math.floorDiv(from, 1_800_000L) + 1) * 1_800_000L);
                int hour = Instant.ofEpochMilli(from).atZone(zone).getHour();
                boolean night = nightStart > nightEnd ? hour >= nightStart || hour < nightEnd
                        : hour >= nightStart && hour < nightEnd;
                add(from, hourEnd - from, night);
                from = hourEnd;
            }
        }
        if (time > lastActivity) {
            lastActivity = time;
        }
    }

    private void add(long at, long millis, boolean night) {
        long day = Math.floorDiv(at, DAY);
        if (headDay == Long.MIN_VALUE || day > headDay) {
            long from = headDay == Long.MIN_VALUE ? day - DAYS : headDay;
            for (long d = Math.max(from + 1, day - DAYS + 1); d <= day; d++) {
                int slot = (int) Math.floorMod(d, DAYS);
                dayActive[slot] = 0;
                nightActive[slot] = 0;
            }
            headDay = day;
        } else if (day <= headDay - DAYS) {
            return; // older than the ring
        }
        int slot = (int) Math.floorMod(day, DAYS);
        dayActive[slot] += millis;
        if (night) {
            nightActive[slot] += millis;
        }
    }

    /** Active time and, of it, night time in the 7 UTC days ending with {@code now}'s: {@code {total, night}}. */
    public synchronized long[] activeLastWeek(long now) {
        long[] result = new long[2];
        if (dayActive == null) {
            return result;
        }
        long nowDay = Math.floorDiv(now, DAY);
        for (long d = nowDay - DAYS + 1; d <= Math.min(nowDay, headDay); d++) {
            if (d > headDay - DAYS) {
                int slot = (int) Math.floorMod(d, DAYS);
                result[0] += dayActive[slot];
                result[1] += nightActive[slot];
            }
        }
        return result;
    }
}
