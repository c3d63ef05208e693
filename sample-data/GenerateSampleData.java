import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the bundled sample data: two weeks of login telemetry (JSON Lines, EVENTS.md) for a small
 * cast in which each section A signal of issue 3 fires for some accounts while ordinary users stay
 * unflagged, and marketplace events (issue 7): a team of five behind borrowed identities, a client
 * boosting it, an agency paid into its company account, and a market of ordinary offers. See
 * README.md in this directory for the cast.
 *
 * <p>Run with JDK 17, no dependencies: {@code java sample-data/GenerateSampleData.java > sample-data/events.jsonl}.
 * The output is deterministic (fixed seed). Only documentation and test address ranges are used:
 * 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, the 198.18.0.0/15 benchmark range
 * for more distinct /24 networks, and 100.64.0.0/10 (carrier-grade NAT) for mobile users.
 */
public class GenerateSampleData {

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday
    static final Random RANDOM = new Random(20260302L);

    static final String CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
    static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    static final String SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";

    record Line(long ts, String account, String type, int seq, String json) {
    }

    static final List<Line> LINES = new ArrayList<>();
    static int sessions;

    public static void main(String[] args) {
        office();
        commuter();
        mobileUsers();
        nightOwl();
        traveller();
        longSession();
        grinder();
        allHours();
        shiftTeam();
        ipHopper();
        ipFarm();
        sharedDevice();
        handOver();
        vpnUser();
        watchedCountry();
        jetSetter();
        asnHopper();
        // Marketplace events (issue 7): seen with logintelemetry.marketplace.enabled (sample-data/scan.properties).
        team();
        client();
        agency();
        market();
        messages();
        LINES.sort(Comparator.comparingLong(Line::ts).thenComparing(Line::account).thenComparing(Line::type)
                .thenComparingInt(Line::seq));
        StringBuilder out = new StringBuilder();
        for (Line l : LINES) {
            out.append(l.json).append('\n');
        }
        System.out.print(out);
    }

    // ---- ordinary users: must stay unflagged ----

    /** Four colleagues behind the office NAT address on weekdays; Ana also uses her phone at home. */
    static void office() {
        String[] staff = {"office-ana", "office-ben", "office-chie", "office-dan"};
        for (String a : staff) {
            profile(a, "JP");
        }
        for (int day = 0; day < 14; day++) {
            if (day % 7 >= 5) {
                continue; // weekend
            }
            for (int i = 0; i < staff.length; i++) {
                long start = minute(day, 9 * 60 + RANDOM.nextInt(20));
                long end = minute(day, 17 * 60 + 30 + RANDOM.nextInt(30));
                visit(staff[i], start, end, 25, "198.51.100.10", "dev-" + staff[i], CHROME_WIN);
            }
            if (day % 2 == 0) {
                visit("office-ana", minute(day, 20 * 60 + 30), minute(day, 21 * 60 + 10), 20, "203.0.113.50",
                        "dev-ana-phone", SAFARI_IPHONE);
            }
        }
    }

    /** On the train twice a day: the phone moves between two mobile networks and an IPv6 one. */
    static void commuter() {
        profile("commuter-eri", "JP");
        String[] networks = {"198.18.60.14", "198.18.61.201", "2001:db8:4a:7::1c"};
        for (int day = 0; day < 14; day++) {
            if (day % 7 >= 5) {
                continue;
            }
            for (int leg : new int[] {7 * 60 + 30, 18 * 60}) {
                String session = session();
                long t = minute(day, leg + RANDOM.nextInt(10));
                for (int i = 0; i < 6; i++) {
                    // The app re-authenticates after each hand-over between cells.
                    event(i % 2 == 0 ? "login" : "request", t, "commuter-eri", networks[(i / 2) % 3], session,
                            "dev-eri-phone", SAFARI_IPHONE);
                    t += 8 * 60_000L;
                }
            }
        }
    }

    /** Eight people on one carrier, sharing its CGNAT address: many accounts, one IP, all ordinary. */
    static void mobileUsers() {
        for (int day = 0; day < 5; day++) {
            for (int i = 1; i <= 8; i++) {
                String a = "mobile-" + i;
                long start = minute(day, 8 * 60 + i * 70 + RANDOM.nextInt(30));
                visit(a, start, start + 25 * 60_000L, 10, "100.64.7.1", "dev-" + a, CHROME_ANDROID);
            }
        }
    }

    /** Works 22:00-03:00 UTC every night from home, one laptop. */
    static void nightOwl() {
        profile("night-owl", "US");
        for (int day = 0; day < 12; day++) {
            visit("night-owl", minute(day, 22 * 60 + RANDOM.nextInt(10)), minute(day + 1, 3 * 60), 20, "203.0.113.70",
                    "dev-owl", FIREFOX_LINUX);
        }
    }

    /** At home, then at an airport, then at a hotel abroad (IPv6): one laptop, a few networks over days. */
    static void traveller() {
        profile("traveller", "JP");
        for (int day = 0; day < 12; day++) {
            if (day == 5 || day == 9) {
                continue; // flying: no login within a day of both countries
            }
            String ip = day < 4 ? "198.51.100.77" : day == 4 ? "198.18.70.9" : day < 9 ? "2001:db8:77:1::30" : "198.51.100.77";
            visit("traveller", minute(day, 10 * 60 + RANDOM.nextInt(60)), minute(day, 12 * 60 + RANDOM.nextInt(30)), 30, ip,
                    "dev-trav", SAFARI_MAC);
        }
    }

    // ---- accounts each signal fires for ----

    /** session.long: one session kept open from 07:00 to 21:00, a request every 40 min. */
    static void longSession() {
        profile("long-sam", "JP");
        visit("long-sam", minute(2, 7 * 60), minute(2, 21 * 60), 40, "203.0.113.21", "dev-sam", CHROME_WIN);
    }

    /** activity.cumulative: two days of 15 h 30 min of continuous work, in sessions under 12 h. */
    static void grinder() {
        for (int day = 3; day <= 4; day++) {
            visit("grind-kim", minute(day, 6 * 60), minute(day, 12 * 60), 12, "198.51.100.44", "dev-kim", CHROME_WIN);
            visit("grind-kim", minute(day, 12 * 60 + 5), minute(day, 18 * 60), 12, "198.51.100.44", "dev-kim", CHROME_WIN);
            visit("grind-kim", minute(day, 18 * 60 + 5), minute(day, 21 * 60 + 30), 12, "198.51.100.44", "dev-kim", CHROME_WIN);
        }
    }

    /** activity.round_the_clock, hours rule: one browser, active at every hour of the day within four days. */
    static void allHours() {
        for (int d = 0; d < 4; d++) {
            visit("allhours-lee", minute(5 + d, d * 6 * 60), minute(5 + d, d * 6 * 60 + 5 * 60 + 50), 30, "198.18.40.12",
                    "dev-lee", CHROME_WIN);
        }
    }

    /** activity.round_the_clock, shifts rule: three people, each with their own machine and network, in 8 h shifts. */
    static void shiftTeam() {
        Object[][] shifts = {
                {60, FIREFOX_LINUX, "dev-team-night", "198.18.51.20"},
                {9 * 60, CHROME_WIN, "dev-team-day", "198.18.52.20"},
                {17 * 60, SAFARI_MAC, "dev-team-evening", "198.18.53.20"}};
        for (int day = 7; day <= 9; day++) {
            for (Object[] s : shifts) {
                long start = minute(day, (int) s[0] + RANDOM.nextInt(15));
                visit("shift-team", start, start + 2 * 3_600_000L, 20, (String) s[3], (String) s[2], (String) s[1]);
            }
        }
    }

    /** ip.churn: five networks log into one account within 40 minutes. */
    static void ipHopper() {
        long t = minute(6, 14 * 60);
        for (int i = 1; i <= 5; i++) {
            String session = session();
            String ip = "198.18." + (80 + i) + "." + (10 + i);
            event("login", t, "hopper-max", ip, session, "dev-max", CHROME_WIN);
            event("request", t + 2 * 60_000L, "hopper-max", ip, session, "dev-max", CHROME_WIN);
            t += 9 * 60_000L + RANDOM.nextInt(60_000);
        }
    }

    /** ip.fanout: six accounts, each with its own browser, behind one address on one afternoon. */
    static void ipFarm() {
        for (int i = 1; i <= 6; i++) {
            long start = minute(8, 13 * 60 + i * 25);
            visit("farm-" + i, start, start + 40 * 60_000L, 10, "198.18.90.7", "dev-farm-" + i, CHROME_WIN);
        }
    }

    /** device.fanout: three accounts signed in on one device over three days. */
    static void sharedDevice() {
        String[] accounts = {"broker-a", "broker-b", "broker-c"};
        for (int i = 0; i < accounts.length; i++) {
            long start = minute(9 + i, 10 * 60 + RANDOM.nextInt(60));
            visit(accounts[i], start, start + 60 * 60_000L, 15, "198.18.95.3", "dev-broker-pc", FIREFOX_LINUX);
        }
    }

    /** session.context_change: a session started in Chrome on Windows continues in Firefox on Linux elsewhere. */
    static void handOver() {
        String s = session();
        long t = minute(10, 8 * 60);
        event("login", t, "handover-ivy", "203.0.113.30", s, "dev-ivy", CHROME_WIN);
        for (int i = 1; i <= 3; i++) {
            event("request", t + i * 5 * 60_000L, "handover-ivy", "203.0.113.30", s, "dev-ivy", CHROME_WIN);
        }
        for (int i = 4; i <= 8; i++) {
            event("request", t + i * 5 * 60_000L, "handover-ivy", "198.18.99.4", s, null, FIREFOX_LINUX);
        }
        event("logout", t + 45 * 60_000L, "handover-ivy", "198.18.99.4", s, null, FIREFOX_LINUX);
        // Her ordinary days before and after.
        for (int day : new int[] {8, 9, 11, 12}) {
            visit("handover-ivy", minute(day, 8 * 60), minute(day, 9 * 60), 20, "203.0.113.30", "dev-ivy", CHROME_WIN);
        }
    }

    // ---- accounts the IP-intelligence signals fire for (with the sample GeoIP databases) ----

    /** net.anonymizer: every login through a hosting provider's address, while declaring Japan. */
    static void vpnUser() {
        profile("vpn-val", "JP");
        for (int day = 0; day < 10; day++) {
            visit("vpn-val", minute(day, 10 * 60 + RANDOM.nextInt(30)), minute(day, 11 * 60 + RANDOM.nextInt(30)), 20,
                    "198.18.210." + (10 + day % 3), "dev-val", CHROME_WIN);
        }
    }

    /** geo.country: logins from a watched country. */
    static void watchedCountry() {
        for (int day = 2; day < 7; day++) {
            visit("watch-wu", minute(day, 2 * 60 + RANDOM.nextInt(30)), minute(day, 4 * 60), 20, "198.18.200.33",
                    "dev-wu", CHROME_WIN);
        }
    }

    /** geo.impossible_travel: Tokyo, then New York two hours later. */
    static void jetSetter() {
        profile("jet-jo", "JP");
        visit("jet-jo", minute(3, 9 * 60), minute(3, 10 * 60), 20, "198.51.100.120", "dev-jo", SAFARI_MAC);
        visit("jet-jo", minute(3, 11 * 60), minute(3, 11 * 60 + 40), 20, "198.18.220.5", "dev-jo-2", FIREFOX_LINUX);
    }

    /** ip.churn (ASN rule): three networks of three providers in one day, hours apart, all in Tokyo. */
    static void asnHopper() {
        profile("asn-hopper", "JP");
        visit("asn-hopper", minute(11, 9 * 60), minute(11, 10 * 60), 20, "198.51.100.130", "dev-hop", CHROME_WIN);
        visit("asn-hopper", minute(11, 13 * 60), minute(11, 14 * 60), 20, "198.18.33.7", "dev-hop", CHROME_WIN);
        visit("asn-hopper", minute(11, 18 * 60), minute(11, 19 * 60), 20, "2001:db8:99::5", "dev-hop", CHROME_WIN);
    }

    // ---- helpers ----

    /** Login at {@code start}, requests every {@code everyMinutes} (with a little jitter) until {@code end}, logout. */
    static void visit(String account, long start, long end, int everyMinutes, String ip, String device, String ua) {
        String session = session();
        event("login", start, account, ip, session, device, ua);
        long t = start;
        while (true) {
            t += (everyMinutes * 60L - RANDOM.nextInt(60)) * 1000L;
            if (t >= end) {
                break;
            }
            event("request", t, account, ip, session, device, ua);
        }
        event("request", end, account, ip, session, device, ua);
        event("logout", end + 30_000L, account, ip, session, device, ua);
    }

    static String session() {
        return "s" + (++sessions);
    }

    static long minute(int day, int minuteOfDay) {
        return START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minuteOfDay)).toEpochMilli();
    }

    static void event(String type, long ts, String account, String ip, String session, String device, String ua) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ts", Instant.ofEpochMilli(ts).toString());
        f.put("type", type);
        f.put("account", account);
        f.put("ip", ip);
        f.put("session", session);
        if (!"logout".equals(type)) {
            f.put("device", device);
            f.put("ua", ua);
        }
        add(ts, account, type, f);
    }

    static void profile(String account, String country) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ts", START.toString());
        f.put("type", "profile");
        f.put("account", account);
        f.put("name", account.replace('-', ' '));
        f.put("country", country);
        add(START.toEpochMilli(), account, "profile", f);
    }

    static void add(long ts, String account, String type, Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        LINES.add(new Line(ts, account, type, LINES.size(), b.append('}').toString()));
    }

    // ---- marketplace (issue 7) ----

    static final String[] TEAM = {"team-1", "team-2", "team-3", "team-4", "team-5"};

    /**
     * Five accounts run by one team: two identity documents between them (the same numbers typed
     * differently), one payout account, two shared laptops, each on its own address, all declaring
     * Japan but working 23:00-05:00 Tokyo time; they review each other, one changes its details
     * often, and they bid far below the market.
     */
    static void team() {
        String[] devices = {"dev-team-a", "dev-team-a", "dev-team-b", "dev-team-b", "dev-team-b"};
        String[] documents = {"JP-DL 4471-2209-18", "jp-dl-4471220918", "ＪＰ－ＤＬ４４７１２２０９１８",
                "MN 8830 1762 5549", "mn-8830-1762-5549"};
        for (int i = 0; i < TEAM.length; i++) {
            String a = TEAM[i];
            profile(a, "JP");
            String ip = "198.18." + (70 + i) + "." + (20 + i);
            marketplace(minute(0, 14 * 60 + 10 + i), a, "identity_document", "document", documents[i], "name", "Taro Yamada");
            marketplace(minute(0, 14 * 60 + 20 + i), a, "payout_account", "payout_ref", "0005-123-7777777",
                    "holder_name", "ヤマダ タロウ");
            for (int day = 0; day < 5; day++) {
                long start = minute(day, 14 * 60 + RANDOM.nextInt(20));
                visit(a, start, start + 6 * 3_600_000L, 12, ip, devices[i], CHROME_WIN);
            }
            marketplace(minute(2, 15 * 60 + i), a, "offer", "rate", String.valueOf(1200 + 100 * i), "currency", "JPY",
                    "category", "web-development");
        }
        for (int i = 0; i < TEAM.length; i++) {
            marketplace(minute(3, 15 * 60 + i * 7), TEAM[i], "review", "subject", TEAM[(i + 1) % TEAM.length], "rating", "5");
            marketplace(minute(3, 16 * 60 + i * 7), TEAM[(i + 1) % TEAM.length], "review", "subject", TEAM[i], "rating", "5");
        }
        String[][] changes = {{"display_name", "Taro Y."}, {"email", "taro.y@example.com"}, {"phone", "+81 90 0000 1111"}};
        for (int i = 0; i < changes.length; i++) {
            marketplace(minute(1 + 3 * i, 15 * 60), "team-2", "profile_change", "field", changes[i][0], "value", changes[i][1]);
        }
    }

    /** A client account that rates three of the team 5 stars within a week. */
    static void client() {
        profile("client-zed", "JP");
        for (int i = 0; i < 3; i++) {
            visit("client-zed", minute(4 + i, 10 * 60), minute(4 + i, 10 * 60 + 40), 10, "203.0.113.90", "dev-zed", SAFARI_MAC);
            marketplace(minute(4 + i, 10 * 60 + 30), "client-zed", "review", "subject", TEAM[i], "rating", "5");
        }
    }

    /** Four workers of one agency, each with their own identity and laptop, all paid into the company account. */
    static void agency() {
        for (int i = 1; i <= 4; i++) {
            String a = "agency-" + i;
            profile(a, "JP");
            marketplace(minute(1, 9 * 60 + i), a, "identity_document", "document", "AG-" + (5000 + i * 37), "name", "Worker " + i);
            marketplace(minute(1, 9 * 60 + 10 + i), a, "payout_account", "payout_ref", "0009-456-1000001",
                    "holder_name", "株式会社サンプルエージェンシー");
            for (int day = 1; day < 12; day++) {
                if (day % 7 >= 5) {
                    continue;
                }
                long start = minute(day, 9 * 60 + RANDOM.nextInt(30));
                visit(a, start, start + 7 * 3_600_000L, 30, "192.0.2." + (100 + i), "dev-" + a, CHROME_WIN);
            }
        }
    }

    /** Ordinary offers in the category the team bids in: 3000 to 5000 JPY an hour. */
    static void market() {
        for (int i = 1; i <= 24; i++) {
            marketplace(minute(1, 8 * 60 + i * 5), "freelancer-" + i, "offer", "rate", String.valueOf(3000 + RANDOM.nextInt(2001)),
                    "currency", "JPY", "category", "web-development");
        }
    }

    /**
     * Messages: the team invites a client off the platform and to pay in USDT, and four of them send
     * one bid script with their own names and numbers; the client's bank-transfer note quoting the
     * platform's support address (allow-listed in scan.properties) and a freelancer's own bid are
     * ordinary.
     */
    static void messages() {
        marketplace(minute(4, 15 * 60), "team-1", "message", "to", "client-zed", "text",
                "LINEで直接取引しませんか？サイトを通さなければ手数料なしでできます");
        marketplace(minute(4, 15 * 60 + 30), "team-4", "message", "to", "client-zed", "text",
                "お支払いはUSDT (TRC20) でお願いします: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
        String[] names = {"佐藤", "鈴木", "高橋", "田中", "伊藤"};
        for (int i : new int[] {0, 1, 2, 4}) {
            marketplace(minute(2, 16 * 60 + i * 11), TEAM[i], "message", "to", "client-" + (i + 1), "text",
                    "はじめまして、" + names[i] + "と申します。Webアプリ開発を" + (4 + i) + "年経験しております。React と"
                            + " Spring Boot で御社の案件を丁寧かつ迅速に対応いたします。実績はポートフォリオをご覧ください。"
                            + "どうぞよろしくお願いいたします。");
        }
        marketplace(minute(5, 9 * 60), "client-zed", "message", "to", "team-1", "text",
                "お振込は銀行振込でお願いします。ご不明点は support@example-platform.jp までご連絡ください。");
        marketplace(minute(2, 11 * 60), "freelancer-3", "message", "to", "client-zed", "text",
                "Hello, I build Shopify stores and have shipped twelve of them this year; happy to share references.");
    }

    /** A marketplace event: type-specific fields as name, value pairs. */
    static void marketplace(long ts, String account, String type, String... fields) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ts", Instant.ofEpochMilli(ts).toString());
        f.put("type", type);
        f.put("account", account);
        for (int i = 0; i < fields.length; i += 2) {
            f.put(fields[i], fields[i + 1]);
        }
        add(ts, account, type, f);
    }
}
