package io.logintelemetry.text;

/** The outcome of comparing a declared name with a payout account holder's name. */
public enum NameVerdict {
    /** The names denote the same person or company after normalisation. */
    SAME,
    /** Both names could be read and they differ after normalisation. */
    DIFFERENT,
    /**
     * The names could not be compared: one is missing, too long, or written in kanji while the other
     * is in kana or Latin letters and no reading is known. Never a guess either way.
     */
    NOT_COMPARABLE
}
