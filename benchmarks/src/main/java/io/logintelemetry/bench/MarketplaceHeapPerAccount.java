package io.logintelemetry.bench;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.SplittableRandom;
import javax.management.ObjectName;

/**
 * Heap per account with every detector on, marketplace signals included (issue 7), for {@code N}
 * accounts (default 1,000,000). Not a JMH benchmark: it measures space, once, in two steps.
 *
 * <ol>
 *   <li>Logins: each account works two days (Monday and Tuesday, UTC) from its own address and
 *       device, a login around 09:00 and a request every 10 minutes for two hours, and declares
 *       Japan in a {@code profile} event (so {@code activity.off_hours} keeps its tally).</li>
 *   <li>Marketplace: each account then registers an identity document and a payout account of its
 *       own, changes its e-mail address, reviews two other accounts, sends one message (stock
 *       sentences and random words) and quotes one rate in one of 20 categories.</li>
 * </ol>
 * Heap in use (after several {@code System.gc()}) is read before the engine exists, after step 1 and
 * after step 2; the report gives bytes per account for the login state, for what the marketplace
 * adds, and in all, and the top of the class histogram. Nobody is linked or flagged: no document,
 * payout account, device or address is shared, so this is the common case.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar io.logintelemetry.bench.MarketplaceHeapPerAccount [N]}
 */
public final class MarketplaceHeapPerAccount {

    /** Monday 2025-01-06 00:00 UTC. */
    private static final long MONDAY = 1_736_121_600_000L;
    private static final long MINUTE = 60_000L;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long started = System.nanoTime();
        Engine engine = Engine.builder(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "benchmark-secret-0123456789",
                "logintelemetry.state.max-accounts", String.valueOf(2 * n),
                "logintelemetry.state.max-market-accounts", String.valueOf(2 * n),
                "logintelemetry.state.max-identifiers", String.valueOf(4 * n),
                "logintelemetry.state.max-ips", String.valueOf(2 * n),
                "logintelemetry.state.max-devices", String.valueOf(2 * n),
                "logintelemetry.state.max-sessions", String.valueOf(2 * n),
                "logintelemetry.detector.message.template_reuse.max-texts", String.valueOf(2 * n),
                "logintelemetry.jmx.enabled", "false"))).build();
        long events = 0;
        // Step 1: two working days, all accounts interleaved minute by minute as on the live path.
        for (int a = 0; a < n; a++) {
            engine.accept(Event.builder(EventType.PROFILE, MONDAY).account(name(a)).detail("name", "Person " + a)
                    .detail("country", "JP").build());
            events++;
        }
        for (int day = 0; day < 2; day++) {
            for (int minute = 0; minute <= 120; minute += 10) {
                long t = MONDAY + day * 1440 * MINUTE + (9 * 60 + minute) * MINUTE;
                for (int a = 0; a < n; a++) {
                    engine.accept(Event.builder(minute == 0 ? EventType.LOGIN : EventType.REQUEST, t + a % 600 * 100)
                            .account(name(a)).ip(IpAddress.ofV4(0x0B00_0000 + a)).session("S-" + day + "-" + a)
                            .device("device-" + a).userAgent(UserAgents.forAccount(a)).build());
                    events++;
                }
            }
            System.err.printf("day %d done: %,d events, %.0f s%n", day, events, (System.nanoTime() - started) / 1e9);
        }
        long afterLogins = usedAfterGc(memory);
        // Step 2: the marketplace events, on Tuesday afternoon.
        SplittableRandom random = new SplittableRandom(11);
        long t = MONDAY + 1440 * MINUTE + 13 * 60 * MINUTE;
        for (int a = 0; a < n; a++) {
            String account = name(a);
            t += 1;
            engine.accept(Event.builder(EventType.IDENTITY_DOCUMENT, t).account(account).detail("document", "DOC-" + a)
                    .detail("name", "Person " + a).build());
            engine.accept(Event.builder(EventType.PAYOUT_ACCOUNT, t).account(account).detail("payout_ref", "0005-" + a)
                    .detail("holder_name", "Person " + a).build());
            engine.accept(Event.builder(EventType.PROFILE_CHANGE, t).account(account).detail("field", "email")
                    .detail("value", "p" + a + "@example.com").build());
            for (int r = 0; r < 2; r++) {
                engine.accept(Event.builder(EventType.REVIEW, t).account(account).detail("subject", name(random.nextInt(n)))
                        .detail("rating", "4").build());
            }
            engine.accept(Event.builder(EventType.MESSAGE, t).account(account).detail("to", name(random.nextInt(n)))
                    .detail("text", text(random)).build());
            engine.accept(Event.builder(EventType.OFFER, t).account(account)
                    .detail("rate", String.valueOf(3000 + random.nextInt(2001))).detail("currency", "JPY")
                    .detail("category", "category-" + random.nextInt(20)).build());
            events += 7;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = usedAfterGc(memory);
        System.out.printf("%nAccounts: %,d; events fed: %,d in %.0f s (%,.0f events/s)%n", n, events, seconds, events / seconds);
        System.out.println("Engine state: " + engine.metrics().getCacheSizes() + "; flags: " + engine.metrics().getFlagsBySignal());
        System.out.printf("Heap before: %,d; after logins: %,d; after marketplace: %,d bytes%n", before, afterLogins, after);
        System.out.printf("Per account: login state %,.0f bytes, marketplace adds %,.0f bytes, in all %,.0f bytes (%.2f KiB)%n%n",
                (double) (afterLogins - before) / n, (double) (after - afterLogins) / n, (double) (after - before) / n,
                (after - before) / 1024.0 / n);
        printHistogram(25);
        System.out.println("(" + engine.metrics().getCacheSizes().get("accounts") + " accounts still held)");
    }

    private static String name(int a) {
        return "user" + a + "@example.com";
    }

    private static String text(SplittableRandom random) {
        StringBuilder b = new StringBuilder("はじめまして、ご依頼の件について確認させてください。");
        for (int w = 0; w < 10; w++) {
            for (int c = 0; c < 3; c++) {
                b.append((char) ('ア' + random.nextInt(80)));
            }
            b.append(' ');
        }
        return b.toString();
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void printHistogram(int lines) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] rows = String.valueOf(out).split("\n");
            System.out.println("Largest classes on the heap (GC.class_histogram):");
            for (int i = 0; i < Math.min(rows.length, lines + 2); i++) {
                System.out.println(rows[i]);
            }
        } catch (Exception e) {
            System.out.println("(class histogram unavailable: " + e + ")");
        }
    }
}
