package io.logintelemetry.bench;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import javax.management.ObjectName;

/**
 * Heap per tracked account: fills an engine with {@code N} accounts (default 100,000) that each did
 * a realistic week of work, then reports the retained heap divided by {@code N}. Target (issue 3):
 * under 1 KiB per account. Not a JMH benchmark: it measures space, once.
 *
 * <h2>The week each account lives (event time, UTC, ending on a Friday evening)</h2>
 * <ul>
 *   <li>Monday to Friday: a login from the account's home address (its own IPv4 address) with a
 *       desktop browser between 07:00 and 10:00, then a request every 4 to 8 minutes for 7 to 8.5
 *       hours, with a 45-minute lunch break; the session ends (container time-out) after work,
 *       except Friday's, which is still open when the heap is measured.</li>
 *   <li>Saturday late morning, and Tuesday and Thursday evenings: a short session from the phone on
 *       mobile data (another browser family, a carrier CGNAT address in 100.64.0.0/10 that changes
 *       from day to day), a login and a few requests.</li>
 * </ul>
 * So every account has two networks' worth of logins, three to four client addresses, a full week
 * of activity buckets and shifts, and about 400 events, as an ordinary office user would. Events of
 * all accounts are interleaved in time order, one day at a time, so the engine's clock and caches
 * behave as on the live path. No account is flagged: flag history is the exception, not the rule.
 *
 * <h2>What is measured</h2>
 * Heap in use (from {@link MemoryMXBean}, after several {@code System.gc()}) before the engine is
 * created and after the week is fed, divided by {@code N}: everything the engine holds because of
 * these accounts (account state, their sessions and client addresses, cache nodes, ids), as a
 * deployment would see it. The largest classes retained are printed from the JVM's class histogram
 * ({@code GC.class_histogram}) so the result can be attributed.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.logintelemetry.bench.HeapPerAccount [N]}
 */
public final class HeapPerAccount {

    /** Saturday 2025-01-04 00:00 UTC: day 0 of the week; days 2 to 6 are Monday to Friday. */
    private static final long WEEK_START = 1_735_948_800_000L;
    private static final long MINUTE = 60_000L;
    private static final long DAY = 24 * 60 * MINUTE;

    private static final int LOGIN = 0;
    private static final int REQUEST = 1;
    private static final int SESSION_END = 2;
    private static final int PHONE_LOGIN = 3;
    private static final int PHONE_REQUEST = 4;
    private static final int PHONE_SESSION_END = 5;

    private final int accounts;
    private final Engine engine;
    private long events;

    private HeapPerAccount(int accounts) {
        this.accounts = accounts;
        LoginTelemetryConfig config = LoginTelemetryConfig.from(Map.of(
                "logintelemetry.state.max-accounts", String.valueOf(2 * accounts),
                "logintelemetry.state.max-ips", String.valueOf(10 * accounts),
                "logintelemetry.state.max-sessions", String.valueOf(2 * accounts)));
        this.engine = Engine.builder(config).build();
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        if (n > (1 << 20)) {
            throw new IllegalArgumentException("at most 1,048,576 accounts");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long started = System.nanoTime();
        HeapPerAccount run = new HeapPerAccount(n);
        String[] dayNames = {"Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"};
        for (int day = 0; day < 7; day++) {
            run.feedDay(day);
            System.err.printf("%s done: %,d events so far, %.0f s%n", dayNames[day], run.events,
                    (System.nanoTime() - started) / 1e9);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = usedAfterGc(memory);
        long retained = after - before;
        System.out.printf("%nAccounts: %,d; events fed: %,d in %.0f s (%,.0f events/s)%n", n, run.events, seconds,
                run.events / seconds);
        System.out.println("Engine state: " + run.engine.state().sizes() + "; flags raised: "
                + run.engine.metrics().getFlagsBySignal());
        System.out.printf("Heap used before: %,d bytes; after: %,d bytes; retained: %,d bytes%n", before, after, retained);
        System.out.printf("Heap per tracked account: %,.0f bytes (%.2f KiB); target < 1 KiB%n%n",
                (double) retained / n, retained / 1024.0 / n);
        printHistogram(25);
        // Keeps the engine reachable until everything above is measured.
        System.out.println("(" + run.engine.state().sizes().get("accounts") + " accounts still held)");
    }

    /**
     * Feeds one day: every account's events of that day, packed as (second of week, account, kind)
     * into longs and sorted, so the engine sees them in time order.
     */
    private void feedDay(int day) {
        long[] packed = new long[accounts * 120];
        int count = 0;
        for (int a = 0; a < accounts; a++) {
            SplittableRandom random = new SplittableRandom(a * 31L + day);
            long dayStart = day * DAY;
            boolean workday = day >= 2;
            if (workday) {
                long t = dayStart + 7 * 60 * MINUTE + random.nextLong(180 * MINUTE);
                long end = t + 420 * MINUTE + random.nextLong(90 * MINUTE);
                long lunch = t + 210 * MINUTE + random.nextLong(60 * MINUTE);
                packed = ensure(packed, count + 200);
                packed[count++] = pack(t, a, LOGIN);
                while (true) {
                    t += 4 * MINUTE + random.nextLong(4 * MINUTE);
                    if (t >= lunch && t < lunch + 45 * MINUTE) {
                        t = lunch + 45 * MINUTE;
                    }
                    if (t > end) {
                        break;
                    }
                    packed[count++] = pack(t, a, REQUEST);
                }
                if (day < 6) {
                    packed[count++] = pack(end + 30 * MINUTE, a, SESSION_END);
                }
            }
            boolean phone = day == 0 || day == 3 || day == 5;
            if (phone) {
                long t = dayStart + (day == 0 ? 11 * 60 : 20 * 60) * MINUTE + random.nextLong(60 * MINUTE);
                packed = ensure(packed, count + 10);
                packed[count++] = pack(t, a, PHONE_LOGIN);
                for (int i = 0; i < 3 + random.nextInt(3); i++) {
                    t += MINUTE + random.nextLong(3 * MINUTE);
                    packed[count++] = pack(t, a, PHONE_REQUEST);
                }
                packed[count++] = pack(t + 30 * MINUTE, a, PHONE_SESSION_END);
            }
        }
        Arrays.sort(packed, 0, count);
        for (int i = 0; i < count; i++) {
            engine.accept(unpack(packed[i], day));
        }
        events += count;
    }

    private static long[] ensure(long[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length + array.length / 2));
    }

    /** Second of the week in the top bits (so sorting orders by time), then account, then kind. */
    private static long pack(long millisOfWeek, int account, int kind) {
        return (millisOfWeek / 1000) << 24 | (long) account << 4 | kind;
    }

    /**
     * Builds the event a live deployment would see. Ids and addresses are fresh objects each time,
     * as they are when they come from requests, so the heap counts the copies the engine keeps.
     */
    private Event unpack(long packed, int day) {
        long time = WEEK_START + (packed >>> 24) * 1000;
        int account = (int) (packed >>> 4) & 0xFFFFF;
        int kind = (int) (packed & 0xF);
        boolean phone = kind >= PHONE_LOGIN;
        EventType type = kind % 3 == 0 ? EventType.LOGIN : kind % 3 == 1 ? EventType.REQUEST : EventType.SESSION_END;
        IpAddress ip = phone
                // A carrier CGNAT address, different each day.
                ? IpAddress.ofV4(0x6440_0000 + (int) ((account * 1_000_003L + day * 7_919L) & 0x3F_FFFF))
                // The home address: one per account.
                : IpAddress.ofV4(0x0A00_0000 + account * 2);
        return Event.builder(type, time)
                .account("user" + account + "@example.com")
                .ip(ip)
                .session(String.format("%08X%02d%s", account * 0x9E3779B1, day, phone ? "M" : "D"))
                .userAgent(phone ? UserAgents.secondForAccount(account) : UserAgents.forAccount(account))
                .build();
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Prints the top of {@code GC.class_histogram} (what {@code jcmd PID GC.class_histogram} shows). */
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
