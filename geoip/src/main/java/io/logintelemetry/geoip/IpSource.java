package io.logintelemetry.geoip;

/**
 * One thing that knows something about addresses: a MaxMind database, an ASN range file, the Tor exit
 * list, the curated ASN list. Answers from memory only; lookups run on request threads.
 */
interface IpSource {

    /**
     * Adds what this source knows about {@code draft.ip()} to the draft. May throw; the composite counts
     * the failure and goes on with the other sources.
     */
    void contribute(Draft draft) throws Exception;
}
