package io.logintelemetry.intel;

/** What kind of network an address belongs to, as far as IP intelligence can tell. */
public enum NetworkType {
    /** Hosting, cloud or VPS provider: a server, not a home or office. */
    HOSTING,
    /** A commercial VPN service. */
    VPN,
    /** A Tor exit node. */
    TOR,
    /** A public or anonymous proxy. */
    PROXY,
    /** A mobile carrier: many users per address (CGNAT). */
    MOBILE,
    /** Configured by the operator as shared (office NAT, partner range). */
    SHARED,
    /** On the operator's list of known-bad ranges. */
    LISTED
}
