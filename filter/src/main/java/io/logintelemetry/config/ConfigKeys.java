package io.logintelemetry.config;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpNetworkSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every configuration key, declared once. The README's configuration reference lists exactly these
 * (a test compares them), and {@link LoginTelemetryConfig} refuses any other key under our prefix.
 */
public final class ConfigKeys {

    public static final String PREFIX = "logintelemetry.";

    private static final List<ConfigKey<?>> ALL = new ArrayList<>();
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(KB|MB|GB)?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    // General
    public static final ConfigKey<Boolean> ENABLED = bool("enabled", true,
            "Master switch. false leaves every request untouched and records nothing.");
    public static final ConfigKey<String> CONFIG_FILE = string("config", "",
            "Path of a properties file with more keys. Read from init parameters, environment or system properties.");
    public static final ConfigKey<String> NODE = string("node", "",
            "Name of this instance in every live flag's node field; empty means the host name.");

    // Which requests the filter watches
    public static final ConfigKey<List<String>> FILTER_INCLUDE = list("filter.include", "",
            "URL patterns to watch (servlet syntax: /path/*, *.ext, exact), matched against the path inside the application as the container mapped it (decoded; a directory is its welcome file); empty means all.");
    public static final ConfigKey<List<String>> FILTER_EXCLUDE = list("filter.exclude",
            "*.css,*.js,*.map,*.png,*.jpg,*.jpeg,*.gif,*.svg,*.ico,*.webp,*.woff,*.woff2,*.ttf,/static/*,/assets/*,/webjars/*",
            "URL patterns never watched: static assets by default.");

    // Client address
    public static final ConfigKey<IpNetworkSet> PROXY_TRUSTED = cidrs("proxy.trusted", "",
            "Reverse proxies and load balancers (CIDR list) whose Forwarded / X-Forwarded-For headers are believed.");

    // Logins
    public static final ConfigKey<String> LOGIN_SESSION_ATTRIBUTE = string("login.session-attribute", "",
            "Session attribute whose appearance means a login, e.g. SPRING_SECURITY_CONTEXT; its value's getName() or"
                    + " getAuthentication().getName() is the account.");
    public static final ConfigKey<String> LOGIN_REQUEST_ATTRIBUTE = string("login.request-attribute", "",
            "Request attribute in which the app's own authentication leaves the account id (stateless apps).");
    public static final ConfigKey<String> LOGIN_HEADER = string("login.header", "",
            "Request header carrying the account id, set by an authenticating gateway; believed only from trusted proxies.");
    public static final ConfigKey<String> LOGIN_FAILURE_PATH = string("login.failure-path", "",
            "Path of the app's login form handler; an answer with login.failure-status there is a failed login.");
    public static final ConfigKey<Integer> LOGIN_FAILURE_STATUS = integer("login.failure-status", 401, 100, 599,
            "Status the login handler answers a failed login with.");
    public static final ConfigKey<String> LOGIN_USERNAME_PARAMETER = string("login.username-parameter", "username",
            "Form parameter holding the account name on the login path.");
    public static final ConfigKey<Duration> LOGIN_STATELESS_GAP = duration("login.stateless-gap", "PT30M",
            "Without a session, a principal seen again after this much silence counts as a new login.");

    // Device id
    public static final ConfigKey<Boolean> DEVICE_COOKIE_ENABLED = bool("device.cookie.enabled", false,
            "Set a first-party device cookie (random id, HttpOnly, SameSite=Lax, Secure on HTTPS) for device.fanout.");
    public static final ConfigKey<String> DEVICE_COOKIE_NAME = string("device.cookie.name", "lt_did",
            "Name of the device cookie.");
    public static final ConfigKey<Duration> DEVICE_COOKIE_MAX_AGE = duration("device.cookie.max-age", "P400D",
            "Lifetime of the device cookie.");
    public static final ConfigKey<String> DEVICE_REQUEST_ATTRIBUTE = string("device.request-attribute", "",
            "Request attribute in which the app supplies its own device id (takes precedence over the cookie).");

    // State
    public static final ConfigKey<Integer> STATE_MAX_ACCOUNTS = integer("state.max-accounts", 100_000, 1, Integer.MAX_VALUE,
            "Most accounts kept in memory; the least valuable are evicted beyond.");
    public static final ConfigKey<Integer> STATE_MAX_IPS = integer("state.max-ips", 1_000_000, 1, Integer.MAX_VALUE,
            "Most client addresses kept in memory, per address family (IPv4, IPv6).");
    public static final ConfigKey<Integer> STATE_MAX_DEVICES = integer("state.max-devices", 100_000, 1, Integer.MAX_VALUE,
            "Most device ids kept in memory.");
    public static final ConfigKey<Integer> STATE_MAX_SESSIONS = integer("state.max-sessions", 200_000, 1, Integer.MAX_VALUE,
            "Most sessions kept in memory. An account carries the session it uses in its own state; a session "
                    + "whose account was evicted keeps that account's state (about 0.5 KB) until it ends or expires.");
    public static final ConfigKey<String> STATE_SNAPSHOT_FILE = string("state.snapshot.file", "",
            "Single node: file the in-memory state is saved to periodically and at shutdown, and restored from at start-up, "
                    + "so a restart keeps the windows; '{context}' becomes the webapp's name. Empty: no snapshot.");
    public static final ConfigKey<Duration> STATE_SNAPSHOT_INTERVAL = duration("state.snapshot.interval", "PT5M",
            "How often the state snapshot is written (on a background thread); a crash loses at most this much.");
    public static final ConfigKey<String> STATE_STORE = choice("state.store", "memory", List.of("memory", "redis"),
            "Where the state lives: 'memory' (this JVM only) or 'redis' (shared by a cluster of nodes; needs the "
                    + "logintelemetry-redis jar and state.redis.uri). The offline scan always uses memory.");
    public static final ConfigKey<String> STATE_REDIS_URI = string("state.redis.uri", "",
            "Redis for state.store=redis: redis://host:port, rediss:// (TLS), redis-sentinel://host:port#master, or a "
                    + "comma list of redis:// nodes for Redis Cluster. A password in the URI is never logged.");
    public static final ConfigKey<String> STATE_REDIS_PASSWORD = secret("state.redis.password",
            "Redis AUTH password (used instead of one in the URI); never logged.");
    public static final ConfigKey<String> STATE_REDIS_USER = string("state.redis.user", "",
            "Redis ACL user name for AUTH with state.redis.password; empty: the default user.");
    public static final ConfigKey<String> STATE_REDIS_TLS_TRUST_STORE = string("state.redis.tls.trust-store", "",
            "Trust store for rediss:// (e.g. holding a private CA): only its certificates are trusted; empty means the JDK's.");
    public static final ConfigKey<String> STATE_REDIS_TLS_TRUST_STORE_PASSWORD = secret("state.redis.tls.trust-store-password",
            "Password of state.redis.tls.trust-store (never logged).");
    public static final ConfigKey<String> STATE_REDIS_TLS_TRUST_STORE_TYPE = string("state.redis.tls.trust-store-type", "PKCS12",
            "Type of state.redis.tls.trust-store: PKCS12 or JKS.");
    public static final ConfigKey<String> STATE_REDIS_TLS_KEY_STORE = string("state.redis.tls.key-store", "",
            "Key store with this node's client certificate and key, for a Redis that asks for one (tls-auth-clients); empty means none.");
    public static final ConfigKey<String> STATE_REDIS_TLS_KEY_STORE_PASSWORD = secret("state.redis.tls.key-store-password",
            "Password of state.redis.tls.key-store and of the key in it (never logged).");
    public static final ConfigKey<String> STATE_REDIS_TLS_KEY_STORE_TYPE = string("state.redis.tls.key-store-type", "PKCS12",
            "Type of state.redis.tls.key-store: PKCS12 or JKS.");
    public static final ConfigKey<String> STATE_REDIS_KEY_PREFIX = string("state.redis.key-prefix", "lt:",
            "Prefix of every Redis key, followed by the web application's context path, so that several applications can share one Redis.");
    public static final ConfigKey<Integer> STATE_REDIS_QUEUE_CAPACITY = integer("state.redis.queue-capacity", 100_000, 1,
            10_000_000, "Events waiting for Redis (slow or down) beyond which new ones are dropped and counted.");
    public static final ConfigKey<Duration> STATE_REDIS_TIMEOUT = duration("state.redis.timeout", "PT2S",
            "Longest a Redis command may take on the background worker before it counts as failed (never on a request).");
    public static final ConfigKey<IpNetworkSet> NETWORK_SHARED_RANGES = cidrs("network.shared-ranges", "100.64.0.0/10",
            "Ranges many people share (carrier CGNAT, allow-listed offices); ip.fanout uses its shared limit there.");

    public static final ConfigKey<IpNetworkSet> NETWORK_ALLOW_RANGES = cidrs("network.allow-ranges", "",
            "Allow-listed offices and partners (CIDR list): counted as shared networks and never as anonymizers.");
    public static final ConfigKey<IpNetworkSet> NETWORK_BAD_RANGES = cidrs("network.bad-ranges", "",
            "Known-bad ranges (CIDR list): logins from them count as anonymized (net.anonymizer).");

    // IP intelligence (the geoip module; every source optional)
    public static final ConfigKey<String> GEOIP_CITY_DATABASE = string("geoip.city-database", "",
            "MaxMind GeoIP2/GeoLite2 City or Country database (.mmdb): country, city, location, accuracy radius.");
    public static final ConfigKey<String> GEOIP_ASN_DATABASE = string("geoip.asn-database", "",
            "MaxMind GeoLite2/GeoIP2 ASN database: ASN and organisation.");
    public static final ConfigKey<String> GEOIP_ANONYMOUS_IP_DATABASE = string("geoip.anonymous-ip-database", "",
            "MaxMind GeoIP2 Anonymous IP database: VPN, hosting, Tor exit, public proxy.");
    public static final ConfigKey<String> GEOIP_CONNECTION_TYPE_DATABASE = string("geoip.connection-type-database", "",
            "MaxMind GeoIP2 Connection Type database: Cellular marks mobile networks.");
    public static final ConfigKey<String> GEOIP_ISP_DATABASE = string("geoip.isp-database", "",
            "MaxMind GeoIP2 ISP or Enterprise database: ASN, ISP and organisation (Enterprise also location and connection type).");
    public static final ConfigKey<List<String>> GEOIP_ASN_RANGES = list("geoip.asn-ranges", "",
            "Free IP-range-to-ASN files (CSV or TSV: start, end, asn, organisation; .gz allowed) for users without MaxMind.");
    public static final ConfigKey<Boolean> GEOIP_CURATED_BUILTIN = bool("geoip.curated.builtin", true,
            "Use the curated list of hosting, VPN and mobile-carrier ASNs shipped in the jar.");
    public static final ConfigKey<List<String>> GEOIP_CURATED_FILES = list("geoip.curated.files", "",
            "More curated ASN files in the same format (asn, category hosting|vpn|mobile|none, organisation); they override the shipped list.");
    public static final ConfigKey<String> GEOIP_TOR_EXIT_LIST = string("geoip.tor-exit-list", "",
            "Tor bulk exit list file (one IP per line), reloaded when it changes.");
    public static final ConfigKey<Duration> GEOIP_RELOAD_INTERVAL = duration("geoip.reload-interval", "PT1M",
            "How often files are checked for changes; a changed file is loaded and swapped in on a background thread.");
    public static final ConfigKey<Integer> GEOIP_CACHE_SIZE = integer("geoip.cache-size", 100_000, 0, Integer.MAX_VALUE,
            "Looked-up addresses kept in memory (0 turns the cache off).");
    public static final ConfigKey<Boolean> INSIGHTS_ENABLED = bool("geoip.insights.enabled", false,
            "Ask the MaxMind GeoIP2 Insights web service about the addresses of accounts at medium or above (asynchronous).");
    public static final ConfigKey<String> INSIGHTS_ACCOUNT_ID = string("geoip.insights.account-id", "",
            "MaxMind account id for Insights.");
    public static final ConfigKey<String> INSIGHTS_LICENSE_KEY = string("geoip.insights.license-key", "",
            "MaxMind license key for Insights (never logged).");
    public static final ConfigKey<String> INSIGHTS_HOST = string("geoip.insights.host", "geoip.maxmind.com",
            "Insights web service host.");
    public static final ConfigKey<Integer> INSIGHTS_PORT = integer("geoip.insights.port", 443, 1, 65_535,
            "Insights web service port.");
    public static final ConfigKey<Boolean> INSIGHTS_TLS = bool("geoip.insights.tls", true,
            "Use HTTPS for Insights (turn off only for a local test double).");
    public static final ConfigKey<Duration> INSIGHTS_TIMEOUT = duration("geoip.insights.timeout", "PT3S",
            "Connect and read timeout of one Insights query.");
    public static final ConfigKey<Integer> INSIGHTS_MAX_PER_SECOND = integer("geoip.insights.max-per-second", 2, 1, 1000,
            "Most Insights queries per second.");
    public static final ConfigKey<Integer> INSIGHTS_DAILY_BUDGET = integer("geoip.insights.daily-budget", 500, 0, 10_000_000,
            "Most Insights queries per UTC day (they cost credit).");
    public static final ConfigKey<Duration> INSIGHTS_CACHE_TTL = duration("geoip.insights.cache-ttl", "P7D",
            "How long an Insights answer is reused for its address.");

    // Detectors
    public static final ConfigKey<Duration> SESSION_LONG_MAX_DURATION = duration("detector.session.long.max-duration", "PT12H",
            "A session active (first to last request) for longer than this is flagged.");
    public static final ConfigKey<Duration> CUMULATIVE_MAX_PER_DAY = duration("detector.activity.cumulative.max-per-day", "PT14H",
            "Most active time in any rolling 24 hours.");
    public static final ConfigKey<Duration> CUMULATIVE_MAX_PER_WEEK = duration("detector.activity.cumulative.max-per-week", "PT70H",
            "Most active time in any rolling 7 days.");
    public static final ConfigKey<Duration> ACTIVITY_MAX_GAP = duration("detector.activity.cumulative.max-gap", "PT15M",
            "Two consecutive requests at most this far apart count the time between them as active.");
    public static final ConfigKey<Integer> ROUND_THE_CLOCK_MIN_HOURS = integer("detector.activity.round_the_clock.min-hours", 20, 1, 24,
            "Distinct hours of the day with activity within 7 days that flag an account.");
    public static final ConfigKey<Boolean> ROUND_THE_CLOCK_SHIFT_RULE = bool("detector.activity.round_the_clock.shift-rule", true,
            "Also flag activity in all three 8-hour shifts whose user agent / device differs with the shift.");
    public static final ConfigKey<Integer> ROUND_THE_CLOCK_SHIFT_MIN_DAYS = integer("detector.activity.round_the_clock.shift-min-days", 2, 1, 7,
            "Days within 7 on which each shift must be seen, with its own user agent / device, for the shift rule.");
    public static final ConfigKey<Integer> IP_CHURN_MIN_NETWORKS = integer("detector.ip.churn.min-networks", 4, 2, 1000,
            "Distinct networks (IPv4 /24, IPv6 /64) logging into one account within the window that flag it.");
    public static final ConfigKey<Duration> IP_CHURN_WINDOW = duration("detector.ip.churn.window", "PT1H",
            "Window of the ip.churn networks rule.");
    public static final ConfigKey<Integer> IP_FANOUT_MIN_ACCOUNTS = integer("detector.ip.fanout.min-accounts", 5, 2, 10_000,
            "Distinct accounts from one IP within the window that flag them.");
    public static final ConfigKey<Integer> IP_FANOUT_SHARED_MIN_ACCOUNTS = integer("detector.ip.fanout.shared-min-accounts", 50, 2, 10_000,
            "The same limit for addresses known to be shared (network.shared-ranges, mobile carriers).");
    public static final ConfigKey<Duration> IP_FANOUT_WINDOW = duration("detector.ip.fanout.window", "PT24H",
            "Window of ip.fanout.");
    public static final ConfigKey<Integer> DEVICE_FANOUT_MIN_ACCOUNTS = integer("detector.device.fanout.min-accounts", 3, 2, 1000,
            "Distinct accounts on one device id within the window that flag them.");
    public static final ConfigKey<Duration> DEVICE_FANOUT_WINDOW = duration("detector.device.fanout.window", "P30D",
            "Window of device.fanout.");

    public static final ConfigKey<Integer> IP_CHURN_MIN_ASNS = integer("detector.ip.churn.min-asns", 3, 2, 1000,
            "Distinct ASNs logging into one account within the ASN window that flag it (needs IP intelligence).");
    public static final ConfigKey<Duration> IP_CHURN_ASN_WINDOW = duration("detector.ip.churn.asn-window", "PT24H",
            "Window of the ip.churn ASN rule.");
    public static final ConfigKey<Integer> IP_CHURN_MIN_COUNTRIES = integer("detector.ip.churn.min-countries", 2, 2, 300,
            "Distinct countries logging into one account within the country window that flag it (needs IP intelligence).");
    public static final ConfigKey<Duration> IP_CHURN_COUNTRY_WINDOW = duration("detector.ip.churn.country-window", "PT24H",
            "Window of the ip.churn country rule.");
    public static final ConfigKey<Double> ANONYMIZER_MIN_SHARE = fraction("detector.net.anonymizer.min-share", "0.5",
            "Share of an account's logins in 7 days through hosting / VPN / Tor / proxy addresses that raises the account rule.");
    public static final ConfigKey<Integer> ANONYMIZER_MIN_LOGINS = integer("detector.net.anonymizer.min-logins", 4, 1, 10_000,
            "Logins in 7 days an account needs before its anonymizer share is judged.");
    public static final ConfigKey<List<String>> GEO_COUNTRY_WATCH_LIST = list("detector.geo.country.watch-list", "KP,CN,RU",
            "Countries (ISO 3166 alpha-2) whose logins are flagged.");
    public static final ConfigKey<Boolean> GEO_COUNTRY_DECLARED_RULE = bool("detector.geo.country.declared-rule", true,
            "Also flag logins from another country than the one the account declares (profile event), one severity step lower.");
    public static final ConfigKey<Integer> TRAVEL_MAX_SPEED = integer("detector.geo.impossible_travel.max-speed-kmh", 900, 1, 100_000,
            "Implied speed between consecutive located logins, after subtracting both accuracy radii, that flags them.");
    public static final ConfigKey<Integer> TRAVEL_MIN_DISTANCE = integer("detector.geo.impossible_travel.min-distance-km", 50, 0, 20_000,
            "Hops shorter than this (after subtracting the accuracy radii) are never flagged.");

    // Marketplace events (SIGNALS.md sections B and C)
    public static final ConfigKey<Boolean> MARKETPLACE_ENABLED = bool("marketplace.enabled", false,
            "Take in the marketplace events (identity_document, payout_account, profile_change, review, message, offer)"
                    + " and run the identity, payout, review, message and link signals; needs hash.secret.");
    public static final ConfigKey<String> HASH_SECRET = string("hash.secret", "",
            "Secret key (at least 16 characters) of the HMAC-SHA256 keyed hashes that document numbers and payout"
                    + " references are turned into before anything stores them; required with marketplace.enabled. Never logged.");
    public static final ConfigKey<Integer> STATE_MAX_MARKET_ACCOUNTS = integer("state.max-market-accounts", 100_000, 1, Integer.MAX_VALUE,
            "Most accounts whose marketplace history (profile changes, reviews given, payout names) is kept in memory.");
    public static final ConfigKey<Integer> STATE_MAX_IDENTIFIERS = integer("state.max-identifiers", 200_000, 1, Integer.MAX_VALUE,
            "Most keyed-hashed documents and payout accounts kept in memory, each with the accounts that use it.");
    public static final ConfigKey<Integer> STATE_MAX_LINKED_ACCOUNTS = integer("state.max-linked-accounts", 100_000, 1, Integer.MAX_VALUE,
            "Most accounts the link graph (cluster.linked_accounts) holds; links to further accounts are counted and dropped.");
    public static final ConfigKey<Integer> SHARED_DOCUMENT_MIN_ACCOUNTS = integer("detector.identity.shared_document.min-accounts", 2, 2, 1000,
            "Accounts registered with one identity document (compared by keyed hash) that flag them.");
    public static final ConfigKey<Integer> SHARED_PAYOUT_MIN_ACCOUNTS = integer("detector.identifier.shared_payout.min-accounts", 2, 2, 1000,
            "Accounts paid into one payout account (compared by keyed hash) that flag them.");
    public static final ConfigKey<Integer> PROFILE_CHURN_MIN_CHANGES = integer("detector.profile.churn.min-changes", 3, 1, 1000,
            "Changes of display name, email, phone, address or payout account (after the first) within the window that flag an account.");
    public static final ConfigKey<Duration> PROFILE_CHURN_WINDOW = duration("detector.profile.churn.window", "P30D",
            "Window of profile.churn.");
    public static final ConfigKey<Integer> REVIEW_BURST_MIN_ACCOUNTS = integer("detector.review.burst.min-accounts", 3, 2, 1000,
            "Accounts one reviewer gives a top rating within the window that flag the reviewer.");
    public static final ConfigKey<Duration> REVIEW_BURST_WINDOW = duration("detector.review.burst.window", "P7D",
            "Window of review.burst.");
    public static final ConfigKey<Integer> REVIEW_BURST_MIN_RATING = integer("detector.review.burst.min-rating", 5, 1, 5,
            "Lowest rating (1 to 5) that counts as a top rating for review.burst.");
    public static final ConfigKey<Integer> LINKED_MIN_ACCOUNTS = integer("detector.cluster.linked_accounts.min-accounts", 3, 2, 1000,
            "Accounts in one linked group that flag each of them.");
    public static final ConfigKey<Integer> LINKED_MAX_GROUP = integer("detector.cluster.linked_accounts.max-group", 500, 3, 100_000,
            "Largest linked group kept: links that would grow a group beyond it are counted and dropped.");
    public static final ConfigKey<Integer> LINKED_IP_MAX_ACCOUNTS = integer("detector.cluster.linked_accounts.ip-max-accounts", 3, 2, 100,
            "An IP address links its accounts only while at most this many log in from it (shared and mobile networks never link).");
    public static final ConfigKey<Integer> LINKED_IP_MIN_DAYS = integer("detector.cluster.linked_accounts.ip-min-days", 2, 1, 30,
            "Distinct UTC days on which each of two accounts must log in from one IP address for it to link them.");
    public static final ConfigKey<Duration> LINKED_IP_WINDOW = duration("detector.cluster.linked_accounts.ip-window", "P30D",
            "How long an address's logins are remembered for the IP link rule.");
    public static final ConfigKey<Double> OFF_HOURS_MIN_SHARE = fraction("detector.activity.off_hours.min-share", "0.6",
            "Share of an account's active time in 7 days between night-start and night-end local time that flags it.");
    public static final ConfigKey<Duration> OFF_HOURS_MIN_ACTIVE = duration("detector.activity.off_hours.min-active", "PT10H",
            "Active time in 7 days an account needs before its night share is judged.");
    public static final ConfigKey<Integer> OFF_HOURS_NIGHT_START = integer("detector.activity.off_hours.night-start", 22, 0, 23,
            "Local hour at which the night starts.");
    public static final ConfigKey<Integer> OFF_HOURS_NIGHT_END = integer("detector.activity.off_hours.night-end", 6, 0, 23,
            "Local hour at which the night ends.");
    public static final ConfigKey<List<String>> OFF_HOURS_ZONES = list("detector.activity.off_hours.zones", "",
            "Time zones of declared countries as COUNTRY=Zone/Id (e.g. US=America/Chicago), over the built-in table of"
                    + " single-zone countries; countries with several zones are judged only once set here.");
    public static final ConfigKey<Double> BELOW_MARKET_FRACTION = fraction("detector.offer.below_market.fraction", "0.5",
            "An offer below this fraction of the median rate of its category and currency is flagged.");
    public static final ConfigKey<Integer> BELOW_MARKET_MIN_OFFERS = integer("detector.offer.below_market.min-offers", 20, 1, 1_000_000,
            "Offers a category and currency needs before its median is trusted.");
    public static final ConfigKey<Integer> BELOW_MARKET_MAX_CATEGORIES = integer("detector.offer.below_market.max-categories", 10_000, 1, 10_000_000,
            "Most categories and currencies whose rates are estimated (each about 2 KB).");

    public static final ConfigKey<Boolean> NAME_MISMATCH_NOT_COMPARABLE = bool("detector.payout.name_mismatch.not-comparable", true,
            "Also raise a low flag saying the names could not be compared (a kanji name against a kana or Latin holder name"
                    + " with no reading known), rather than guessing.");
    public static final ConfigKey<List<String>> MESSAGE_ALLOW = list("detector.message.off_platform.allow", "",
            "The operator's own e-mail addresses and domains (support desk, platform domain) that never count in messages"
                    + " (comma-separated; an entry with @ is an address, else a domain and its subdomains).");
    public static final ConfigKey<Integer> TEMPLATE_MIN_ACCOUNTS = integer("detector.message.template_reuse.min-accounts", 3, 2, 1000,
            "Accounts sending near-duplicate texts within the window that flag them.");
    public static final ConfigKey<Double> TEMPLATE_SIMILARITY = fraction("detector.message.template_reuse.similarity", "0.8",
            "Estimated similarity (Jaccard of character shingles, by MinHash) from which two texts are near-duplicates.");
    public static final ConfigKey<Duration> TEMPLATE_WINDOW = duration("detector.message.template_reuse.window", "P30D",
            "Window of message.template_reuse: texts older than this before the latest are forgotten.");
    public static final ConfigKey<Integer> TEMPLATE_MAX_TEXTS = integer("detector.message.template_reuse.max-texts", 20_000, 100, 10_000_000,
            "Most message signatures remembered, with their LSH buckets (about 3 KB each); the oldest go first.");

    // Scoring
    public static final ConfigKey<Integer> SCORE_MEDIUM = integer("score.medium", 30, 1, 1000,
            "Account score from which the level is medium.");
    public static final ConfigKey<Integer> SCORE_HIGH = integer("score.high", 70, 1, 1000,
            "Account score from which the level is high.");
    public static final ConfigKey<Duration> SCORE_WINDOW = duration("score.window", "P30D",
            "A flag counts towards its account's score for this long.");

    // Actions
    public static final ConfigKey<Duration> ACTION_DURATION = duration("action.duration", "PT30M",
            "How long a mark, step-up or block applies to the account's following requests.");
    public static final ConfigKey<String> ACTION_STEP_UP_URL = string("action.step-up-url", "",
            "Where step-up redirects (relative to the context path, or absolute). Required when any signal's action is step_up.");
    public static final ConfigKey<String> ACTION_RESPONSE_HEADER = string("action.response-header", "",
            "Response header carrying the account's level on marked requests; empty means none.");

    // Capture rules: events from requests of apps that will not change code
    public static final ConfigKey<String> CAPTURE_RULES = string("capture.rules", "",
            "Capture rules separated by ';': METHOD PATH [if SOURCE[=VALUE] [and ...]] -> EVENT_TYPE field=SOURCE ...,"
                    + " where SOURCE is form:NAME, json:/POINTER or const:VALUE (README: Capture rules).");
    public static final ConfigKey<String> CAPTURE_RULES_FILE = string("capture.rules-file", "",
            "Path of a file with more capture rules, one per line ('#' starts a comment); read once at start-up.");
    public static final ConfigKey<Integer> CAPTURE_MAX_BODY_BYTES = integer("capture.max-body-bytes", 65_536, 1024,
            10_485_760, "Largest JSON body copied for capture rules as the app reads it; a larger body is not captured.");
    public static final ConfigKey<List<String>> CAPTURE_CONTENT_TYPES = list("capture.content-types",
            "application/json,application/*+json",
            "Content types whose bodies json: sources read; other bodies are never copied.");

    // Output
    public static final ConfigKey<Integer> FLAGS_QUEUE_CAPACITY = integer("flags.queue-capacity", 10_000, 16, 10_000_000,
            "Flags waiting for the log writer; beyond it flags are counted as dropped (an account's first flag of a signal may use 25% more).");
    public static final ConfigKey<Boolean> JMX_ENABLED = bool("jmx.enabled", true,
            "Publish counters as the MBean io.logintelemetry:type=Metrics[,context=...].");

    // Export to SIEMs (the export module; each sink optional, several at once)
    public static final ConfigKey<String> EXPORT_SPOOL_DIRECTORY = string("export.spool.directory", "",
            "Directory of the exporters' disk spools (one sub-directory per webapp and sink); empty means logintelemetry-spool under java.io.tmpdir.");
    public static final ConfigKey<Long> EXPORT_SPOOL_MAX_BYTES = bytes("export.spool.max-bytes", "256MB",
            "Most disk space one sink's spool uses; beyond it the oldest records are evicted and counted.");
    public static final ConfigKey<Integer> EXPORT_QUEUE_CAPACITY = integer("export.queue-capacity", 10_000, 16, 10_000_000,
            "Flags waiting in memory per sink before its spool writer takes them; beyond it flags are counted as dropped.");
    public static final ConfigKey<Integer> EXPORT_BATCH_SIZE = integer("export.batch-size", 100, 1, 10_000,
            "Most flags sent in one request (Splunk HEC, bulk API).");
    public static final ConfigKey<Duration> EXPORT_TIMEOUT = duration("export.timeout", "PT10S",
            "Connect and answer timeout of one delivery; a receiver slower than this is retried.");
    public static final ConfigKey<Duration> EXPORT_RETRY_INITIAL = duration("export.retry.initial-backoff", "PT1S",
            "Wait after the first failed delivery; doubled after each further failure, with random jitter.");
    public static final ConfigKey<Duration> EXPORT_RETRY_MAX = duration("export.retry.max-backoff", "PT5M",
            "Longest wait between two delivery attempts.");
    public static final ConfigKey<Duration> EXPORT_SHUTDOWN_TIMEOUT = duration("export.shutdown-timeout", "PT5S",
            "At shutdown, how long each sink may keep delivering (all sinks at once); what is left stays in the spool for the next start.");
    public static final ConfigKey<Boolean> EXPORT_PSEUDONYMISE = bool("export.pseudonymise.enabled", false,
            "Replace account ids and IPs by HMAC-SHA256 pseudonyms in everything exported and spooled (fields, summary, evidence).");
    public static final ConfigKey<String> EXPORT_PSEUDONYMISE_KEY = secret("export.pseudonymise.key",
            "HMAC key of the pseudonyms (at least 16 characters; never logged). The same key gives the same pseudonyms in every sink.");
    public static final ConfigKey<Boolean> EXPORT_PSEUDONYMISE_TRUNCATE = bool("export.pseudonymise.truncate-ips", false,
            "Truncate IPs to their /24 (IPv4) or /48 (IPv6) network before pseudonymising them.");
    public static final ConfigKey<String> EXPORT_TLS_TRUST_STORE = string("export.tls.trust-store", "",
            "Trust store (PKCS12 or JKS) for the exporters' TLS connections; empty means the JDK's.");
    public static final ConfigKey<String> EXPORT_TLS_TRUST_STORE_PASSWORD = secret("export.tls.trust-store-password",
            "Password of export.tls.trust-store (never logged).");
    public static final ConfigKey<String> EXPORT_TLS_KEY_STORE = string("export.tls.key-store", "",
            "Key store (PKCS12 or JKS) with a client certificate, for receivers that require one.");
    public static final ConfigKey<String> EXPORT_TLS_KEY_STORE_PASSWORD = secret("export.tls.key-store-password",
            "Password of export.tls.key-store and its key (never logged).");
    public static final ConfigKey<String> EXPORT_SYSLOG_HOST = string("export.syslog.host", "",
            "Syslog receiver host; setting it switches the syslog sink on (RFC 5424).");
    public static final ConfigKey<Integer> EXPORT_SYSLOG_PORT = integer("export.syslog.port", 0, 0, 65_535,
            "Syslog receiver port; 0 means 514 for udp and tcp, 6514 for tls.");
    public static final ConfigKey<String> EXPORT_SYSLOG_PROTOCOL = choice("export.syslog.protocol", "tcp", List.of("udp", "tcp", "tls"),
            "udp, tcp (octet-counting framing, RFC 6587) or tls (RFC 5425).");
    public static final ConfigKey<String> EXPORT_SYSLOG_FORMAT = choice("export.syslog.format", "cef", List.of("cef", "leef", "json"),
            "Message payload: cef, leef (LEEF 2.0) or json.");
    public static final ConfigKey<Integer> EXPORT_SYSLOG_FACILITY = integer("export.syslog.facility", 10, 0, 23,
            "Syslog facility number (10 = authpriv).");
    public static final ConfigKey<String> EXPORT_HEC_URL = string("export.hec.url", "",
            "Splunk HTTP Event Collector base URL, e.g. https://splunk:8088; setting it switches the HEC sink on.");
    public static final ConfigKey<String> EXPORT_HEC_TOKEN = secret("export.hec.token",
            "HEC token (never logged).");
    public static final ConfigKey<String> EXPORT_HEC_INDEX = string("export.hec.index", "",
            "Splunk index; empty means the token's default.");
    public static final ConfigKey<String> EXPORT_HEC_SOURCETYPE = string("export.hec.sourcetype", "logintelemetry:flag",
            "Splunk sourcetype of the events.");
    public static final ConfigKey<Boolean> EXPORT_HEC_ACK = bool("export.hec.ack", false,
            "Count a batch as delivered only when Splunk's indexer acknowledgement says it is indexed (needs acks on the token).");
    public static final ConfigKey<String> EXPORT_HEC_CHANNEL = string("export.hec.channel", "",
            "HEC channel (a GUID) for acknowledgements; empty means one generated per start.");
    public static final ConfigKey<Duration> EXPORT_HEC_ACK_TIMEOUT = duration("export.hec.ack-timeout", "PT2M",
            "How long to wait for an indexer acknowledgement before sending the batch again.");
    public static final ConfigKey<String> EXPORT_ECS_FILE = string("export.ecs.file", "",
            "File to append ECS JSON lines to for a log shipper, or - for standard output; setting it switches this sink on.");
    public static final ConfigKey<String> EXPORT_ECS_URL = string("export.ecs.url", "",
            "Elasticsearch (or compatible) base URL; flags go to its _bulk API as ECS documents. Setting it switches this sink on.");
    public static final ConfigKey<String> EXPORT_ECS_INDEX = string("export.ecs.index", "logintelemetry-flags",
            "Index (or data stream) the ECS documents are created in; the flag id is the document id.");
    public static final ConfigKey<String> EXPORT_ECS_API_KEY = secret("export.ecs.api-key",
            "Elasticsearch API key (the encoded form), sent as Authorization: ApiKey (never logged).");
    public static final ConfigKey<String> EXPORT_ECS_USERNAME = string("export.ecs.username", "",
            "User for basic authentication to the bulk API.");
    public static final ConfigKey<String> EXPORT_ECS_PASSWORD = secret("export.ecs.password",
            "Password for basic authentication to the bulk API (never logged).");
    public static final ConfigKey<String> EXPORT_WEBHOOK_URL = string("export.webhook.url", "",
            "URL each flag is POSTed to as JSON; setting it switches the webhook sink on.");
    public static final ConfigKey<String> EXPORT_WEBHOOK_SECRET = secret("export.webhook.secret",
            "HMAC-SHA256 key; when set, each request carries X-LoginTelemetry-Signature: t=<unix seconds>,v1=<hex of HMAC over t.body> (never logged).");
    // Java agent (-javaagent / attach); the servlet filter ignores these
    public static final ConfigKey<String> AGENT_LOG_FILE = string("agent.log-file", "",
            "Java agent only: file the agent writes its log to, flag lines included (logger io.logintelemetry.flags); empty means stderr.");
    public static final ConfigKey<Boolean> AGENT_PER_WEBAPP = bool("agent.per-webapp", true,
            "Java agent only: each web application (context path) keeps its own state, flags and JMX bean; false shares one for the JVM.");

    /** Per-signal keys of the detectors this module implements. */
    private static final Map<Signal, DetectorKeys> DETECTORS = new EnumMap<>(Signal.class);

    static {
        detector(Signal.SESSION_LONG, Severity.LOW, 15);
        detector(Signal.ACTIVITY_CUMULATIVE, Severity.LOW, 20);
        detector(Signal.ACTIVITY_ROUND_THE_CLOCK, Severity.MEDIUM, 30);
        detector(Signal.IP_CHURN, Severity.MEDIUM, 30);
        detector(Signal.IP_FANOUT, Severity.LOW, 20);
        detector(Signal.DEVICE_FANOUT, Severity.MEDIUM, 35);
        detector(Signal.SESSION_CONTEXT_CHANGE, Severity.MEDIUM, 30);
        detector(Signal.NET_ANONYMIZER, Severity.LOW, 20);
        detector(Signal.GEO_COUNTRY, Severity.MEDIUM, 25);
        detector(Signal.GEO_IMPOSSIBLE_TRAVEL, Severity.MEDIUM, 30);
        detector(Signal.ACTIVITY_OFF_HOURS, Severity.LOW, 15);
        detector(Signal.IDENTITY_SHARED_DOCUMENT, Severity.MEDIUM, 35);
        detector(Signal.IDENTIFIER_SHARED_PAYOUT, Severity.LOW, 25);
        detector(Signal.PROFILE_CHURN, Severity.LOW, 20);
        detector(Signal.REVIEW_COLLUSION, Severity.MEDIUM, 30);
        detector(Signal.REVIEW_BURST, Severity.LOW, 20);
        detector(Signal.CLUSTER_LINKED_ACCOUNTS, Severity.MEDIUM, 30);
        detector(Signal.OFFER_BELOW_MARKET, Severity.LOW, 15);
        detector(Signal.PAYOUT_NAME_MISMATCH, Severity.MEDIUM, 25);
        detector(Signal.MESSAGE_OFF_PLATFORM, Severity.LOW, 20);
        detector(Signal.MESSAGE_CRYPTO_PAYMENT, Severity.MEDIUM, 25);
        detector(Signal.MESSAGE_TEMPLATE_REUSE, Severity.MEDIUM, 25);
    }

    private ConfigKeys() {
    }

    /** Every key, in declaration order. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The per-signal keys, for the signals that have a detector. */
    public static Map<Signal, DetectorKeys> detectors() {
        return Collections.unmodifiableMap(DETECTORS);
    }

    /** The switch, severity, action and score weight of one signal's detector. */
    public record DetectorKeys(ConfigKey<Boolean> enabled, ConfigKey<Severity> severity, ConfigKey<Action> action,
                               ConfigKey<Integer> weight) {
    }

    private static void detector(Signal signal, Severity severity, int weight) {
        String base = "detector." + signal.id() + ".";
        DETECTORS.put(signal, new DetectorKeys(
                bool(base + "enabled", true, "Switches " + signal.id() + " on or off."),
                add(base + "severity", "severity", severity.wireName(),
                        "Severity of " + signal.id() + " flags (info, low, medium, high); one step higher at twice the limit.",
                        v -> Severity.fromWireName(v).orElseThrow(() -> new IllegalArgumentException("use info, low, medium or high"))),
                add(base + "action", "action", "log",
                        "Inline action for " + signal.id() + " flags: log, mark, step_up or block.",
                        v -> Action.fromWireName(v).orElseThrow(() -> new IllegalArgumentException("use log, mark, step_up or block"))),
                integer("score.weight." + signal.id(), weight, 0, 1000,
                        "Weight of " + signal.id() + " in the account score (times 0.5 low, 1 medium, 1.5 high).")));
    }

    private static <T> ConfigKey<T> add(String name, String type, String defaultValue, String description,
                                        Function<String, T> parser) {
        ConfigKey<T> key = new ConfigKey<>(PREFIX + name, type, defaultValue, description, parser);
        ALL.add(key);
        return key;
    }

    private static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return add(name, "boolean", String.valueOf(defaultValue), description, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("use true or false");
        });
    }

    private static ConfigKey<String> string(String name, String defaultValue, String description) {
        return add(name, "string", defaultValue, description, v -> v);
    }

    /** A password, key or token: the value never appears in an error, a log line or the docs. */
    private static ConfigKey<String> secret(String name, String description) {
        return add(name, "secret", "", description, v -> v);
    }

    private static ConfigKey<String> choice(String name, String defaultValue, List<String> choices, String description) {
        return add(name, "string", defaultValue, description, v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!choices.contains(lower)) {
                throw new IllegalArgumentException("use one of " + String.join(", ", choices));
            }
            return lower;
        });
    }

    /** A size in bytes: a number, optionally followed by KB, MB or GB (powers of 1024). */
    private static ConfigKey<Long> bytes(String name, String defaultValue, String description) {
        return add(name, "size", defaultValue, description, v -> {
            Matcher m = SIZE.matcher(v.toUpperCase(Locale.ROOT).replace("_", ""));
            if (!m.matches()) {
                throw new IllegalArgumentException("use a number of bytes, or e.g. 512KB, 256MB, 2GB");
            }
            long n = Long.parseLong(m.group(1));
            int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
                case "KB" -> 10;
                case "MB" -> 20;
                default -> 30;
            };
            if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("must be positive");
            }
            return n << shift;
        });
    }

    private static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return add(name, "integer", String.valueOf(defaultValue), description, v -> {
            int parsed = Integer.parseInt(v.replace("_", ""));
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return parsed;
        });
    }

    private static ConfigKey<Duration> duration(String name, String defaultValue, String description) {
        return add(name, "duration", defaultValue, description, ConfigKeys::parseDuration);
    }

    private static ConfigKey<Double> fraction(String name, String defaultValue, String description) {
        return add(name, "fraction", defaultValue, description, v -> {
            double parsed = Double.parseDouble(v);
            if (!(parsed > 0 && parsed <= 1)) {
                throw new IllegalArgumentException("must be above 0 and at most 1");
            }
            return parsed;
        });
    }

    private static ConfigKey<List<String>> list(String name, String defaultValue, String description) {
        return add(name, "list", defaultValue, description,
                v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    private static ConfigKey<IpNetworkSet> cidrs(String name, String defaultValue, String description) {
        return add(name, "CIDR list", defaultValue, description, IpNetworkSet::parse);
    }

    /** ISO-8601 ({@code PT15M}, {@code P7D}) or short ({@code 15m}, {@code 12h}, {@code 7d}); positive. */
    static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            d = Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive");
        }
        return d;
    }
}
