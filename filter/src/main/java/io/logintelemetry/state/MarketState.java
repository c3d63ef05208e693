package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the marketplace signals remember of one account, kept apart from {@link AccountState} (in
 * {@link MarketplaceStore}'s own bounded cache) because few accounts have any: its recent profile
 * and payout changes, its current payout account (keyed hash) and holder name, its declared name
 * and country, the reviews it gave lately, and its day and night active time for
 * {@code activity.off_hours}. Every part has a fixed bound; arrays start small and grow to it, since
 * most accounts have a change or two and a few reviews, and times are kept as {@link EpochSeconds}.
 *
 * <p>Thread-safe: every method synchronises on the instance. The engine updates it and runs the
 * marketplace detectors under that lock; detectors only call the read methods.
 */
public final class MarketState {

    /** Changes and reviews remembered: above every limit we allow by default, and bounded. */
    static final int HISTORY = 32;
    private static final int FIELDS = 8;
    private static final int FIRST_CAPACITY = 4;
    private static final long DAY = 86_400_000L;
    private static final int DAYS = 7;

    private final String id;
    /** Change times ({@link EpochSeconds}), a ring once {@value #HISTORY} are kept. */
    private int[] changeTimes;
    private int changes;
    /**
     * Field name and keyed hash of its last value, in pairs, so that re-saving a form is no change.
     * At most {@value #FIELDS} fields (the app sends four or five).
     */
    private String[] lastValues;
    private String payoutRef;
    private String holderName;
    private String declaredName;
    private String nameReading;
    private String country;

    private String[] reviewSubjects;
    private int[] reviewTimes;
    private byte[] reviewRatings;
    private int reviews;

    private long lastActivity = Long.MIN_VALUE;
    /** Active ms per UTC day of the last 7 (slots 0-6), and of it at night (slots 7-13). */
    private int[] activeMillis;
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
        String key = field == null ? "?" : field;
        if (valueHash != null) {
            if (lastValues == null) {
                lastValues = new String[2 * FIELDS];
            }
            int free = -1;
            for (int i = 0; i < lastValues.length; i += 2) {
                if (key.equals(lastValues[i])) {
                    if (valueHash.equals(lastValues[i + 1])) {
                        return false;
                    }
                    free = i;
                    break;
                }
                if (lastValues[i] == null && free < 0) {
                    free = i;
                }
            }
            if (free >= 0) {
                lastValues[free] = key;
                lastValues[free + 1] = valueHash;
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
        changeTimes = grown(changeTimes, changes);
        changeTimes[changes % HISTORY] = EpochSeconds.of(time);
        changes++;
    }

    /** {@code array} with room for entry {@code count}: grown by doubling up to {@value #HISTORY}, then a ring. */
    private static int[] grown(int[] array, int count) {
        if (array == null) {
            return new int[FIRST_CAPACITY];
        }
        if (count < HISTORY && count == array.length) {
            return java.util.Arrays.copyOf(array, Math.min(HISTORY, 2 * array.length));
        }
        return array;
    }

    /** Times of the changes at or after {@code since}, oldest first (at most {@value #HISTORY}). */
    public synchronized List<Long> changesSince(long since) {
        List<Long> result = new ArrayList<>();
        for (int i = Math.max(0, changes - HISTORY); i < changes; i++) {
            long t = EpochSeconds.toMillis(changeTimes[i % HISTORY]);
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
        if (reviewTimes == null || reviews < HISTORY && reviews == reviewTimes.length) {
            int capacity = reviewTimes == null ? FIRST_CAPACITY : Math.min(HISTORY, 2 * reviewTimes.length);
            reviewSubjects = reviewSubjects == null ? new String[capacity] : java.util.Arrays.copyOf(reviewSubjects, capacity);
            reviewTimes = reviewTimes == null ? new int[capacity] : java.util.Arrays.copyOf(reviewTimes, capacity);
            reviewRatings = reviewRatings == null ? new byte[capacity] : java.util.Arrays.copyOf(reviewRatings, capacity);
        }
        int i = reviews % HISTORY;
        reviewSubjects[i] = subject;
        reviewTimes[i] = EpochSeconds.of(time);
        reviewRatings[i] = (byte) rating;
        reviews++;
    }

    /** Distinct accounts this account rated at least {@code minRating} at or after {@code since}, in order. */
    public synchronized List<String> topRatedSince(long since, int minRating) {
        Set<String> result = new LinkedHashSet<>();
        for (int i = Math.max(0, reviews - HISTORY); i < reviews; i++) {
            int j = i % HISTORY;
            if (EpochSeconds.toMillis(reviewTimes[j]) >= since && reviewRatings[j] >= minRating) {
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
        if (activeMillis == null) {
            activeMillis = new int[2 * DAYS];
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
                activeMillis[slot] = 0;
                activeMillis[DAYS + slot] = 0;
            }
            headDay = day;
        } else if (day <= headDay - DAYS) {
            return; // older than the ring
        }
        int slot = (int) Math.floorMod(day, DAYS);
        activeMillis[slot] += (int) millis; // a day holds at most 86,400,000 ms: fits an int
        if (night) {
            activeMillis[DAYS + slot] += (int) millis;
        }
    }

    /** Active time and, of it, night time in the 7 UTC days ending with {@code now}'s: {@code {total, night}}. */
    public synchronized long[] activeLastWeek(long now) {
        long[] result = new long[2];
        if (activeMillis == null) {
            return result;
        }
        long nowDay = Math.floorDiv(now, DAY);
        for (long d = nowDay - DAYS + 1; d <= Math.min(nowDay, headDay); d++) {
            if (d > headDay - DAYS) {
                int slot = (int) Math.floorMod(d, DAYS);
                result[0] += activeMillis[slot];
                result[1] += activeMillis[DAYS + slot];
            }
        }
        return result;
    }

    // ---- binary form (StateCodec); the caller holds this object's monitor ----

    void write(DataOutput out) throws IOException {
        StateCodec.writeString(out, id);
        StateCodec.writeInts(out, changeTimes);
        out.writeInt(changes);
        StateCodec.writeStrings(out, lastValues);
        StateCodec.writeString(out, payoutRef);
        StateCodec.writeString(out, holderName);
        StateCodec.writeString(out, declaredName);
        StateCodec.writeString(out, nameReading);
        StateCodec.writeString(out, country);
        StateCodec.writeStrings(out, reviewSubjects);
        StateCodec.writeInts(out, reviewTimes);
        StateCodec.writeBytes(out, reviewRatings);
        out.writeInt(reviews);
        out.writeLong(lastActivity);
        StateCodec.writeInts(out, activeMillis);
        out.writeLong(headDay);
    }

    static MarketState read(DataInput in) throws IOException {
        String id = StateCodec.readString(in);
        StateCodec.check(id != null, "marketplace account without id");
        MarketState m = new MarketState(id);
        m.changeTimes = StateCodec.readInts(in);
        m.changes = in.readInt();
        m.lastValues = StateCodec.readStrings(in);
        m.payoutRef = StateCodec.readString(in);
        m.holderName = StateCodec.readString(in);
        m.declaredName = StateCodec.readString(in);
        m.nameReading = StateCodec.readString(in);
        m.country = StateCodec.readString(in);
        m.reviewSubjects = StateCodec.readStrings(in);
        m.reviewTimes = StateCodec.readInts(in);
        m.reviewRatings = StateCodec.readBytes(in);
        m.reviews = in.readInt();
        m.lastActivity = in.readLong();
        m.activeMillis = StateCodec.readInts(in);
        m.headDay = in.readLong();
        // The arrays index one another: refuse a record whose lengths could not have been written.
        StateCodec.check(m.changes >= 0 && m.reviews >= 0, "negative counts");
        StateCodec.check(m.lastValues == null || m.lastValues.length <= 2 * FIELDS, "profile fields");
        int subjects = m.reviewSubjects == null ? -1 : m.reviewSubjects.length;
        StateCodec.check(subjects == (m.reviewTimes == null ? -1 : m.reviewTimes.length)
                && subjects == (m.reviewRatings == null ? -1 : m.reviewRatings.length), "review arrays");
        StateCodec.check(m.activeMillis == null || m.activeMillis.length == 2 * DAYS, "activity days");
        return m;
    }
}
