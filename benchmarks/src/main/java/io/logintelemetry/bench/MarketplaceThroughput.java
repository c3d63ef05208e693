package io.logintelemetry.bench;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine throughput with every detector on, marketplace signals included (issue 7): events per second
 * one thread pushes through {@link Engine#accept} with 100,000 accounts in state, each of which has
 * declared Japan (so {@code activity.off_hours} tallies every request), registered an identity
 * document and a payout account in its own name, and logged in from its own address and device.
 *
 * <ul>
 *   <li>{@code mix=requests}: only {@code request} events of existing accounts and sessions: the cost
 *       the marketplace signals add to the hot path (the off-hours tally) on top of
 *       {@link EngineThroughput}'s.</li>
 *   <li>{@code mix=marketplace}: every tenth event is a marketplace event, in turn a review of another
 *       account (rating 4), a message (two stock sentences and ten random words, so texts differ
 *       as real ones do: scanned for contacts and crypto, signed with MinHash, looked up in the
 *       near-duplicate index), an offer (3000-5000 JPY in one of 20 categories), a profile change,
 *       a new payout account and an identity document; the others are requests.</li>
 * </ul>
 * Events are built in rounds of one per account in a shuffled order, event time moving 1 ms per
 * event; the round's build is inside the measurement (as it was in {@link EngineThroughput} until
 * that benchmark moved it out; the figures here compare with each other, not with it). Each iteration
 * also prints the benchmark thread's CPU time per event ({@code [cpu]}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class MarketplaceThroughput {

    /** Monday 2025-01-06 08:00 UTC. */
    static final long START_MILLIS = 1_736_150_400_000L;
    private static final String[] SENTENCES = {
        "はじめまして、ご依頼の件について確認させてください。", "納期は来週の金曜日で問題ありません。",
        "デザイン案を三つご用意しました。", "Thanks for the quick reply, I will update the draft today.",
        "Could you share the brand guidelines?", "I have attached the revised estimate.",
        "テスト環境での動作確認が完了しました。", "Let me know if the colours need another pass.",
        "修正点があればお気軽にお知らせください。", "The API now returns paginated results as agreed.",
        "請求書は月末にお送りします。", "I can start on Monday morning.",
    };

    @Param({"requests", "marketplace"})
    public String mix;

    @Param({"100000"})
    public int accounts;

    private Engine engine;
    private String[] names;
    private String[] sessions;
    private String[] userAgents;
    private IpAddress[] ips;
    private final SplittableRandom random = new SplittableRandom(7);
    private int[] order;
    private Event[] batch;
    private int next;
    private int round;
    private long time;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long calls;
    private long callsAtStart;
    private long cpuAtStart;

    @Setup(Level.Iteration)
    public void startIteration() {
        callsAtStart = calls;
        cpuAtStart = threads.getCurrentThreadCpuTime();
    }

    /** CPU time of the benchmark thread per event: steadier than ops/s on a machine shared with other work. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long n = calls - callsAtStart;
        long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
        if (n > 0 && cpu > 0) {
            System.out.printf("%n  [cpu] %.0f ns of CPU per event = %,.0f events per CPU-second (%,d events)%n",
                    (double) cpu / n, n * 1e9 / cpu, n);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "benchmark-secret-0123456789",
                "logintelemetry.state.max-accounts", String.valueOf(2 * accounts),
                "logintelemetry.state.max-market-accounts", String.valueOf(2 * accounts),
                "logintelemetry.state.max-identifiers", String.valueOf(8 * accounts),
                "logintelemetry.state.max-sessions", String.valueOf(2 * accounts),
                "logintelemetry.jmx.enabled", "false"))).build();
        names = new String[accounts];
        sessions = new String[accounts];
        userAgents = new String[accounts];
        ips = new IpAddress[accounts];
        order = new int[accounts];
        batch = new Event[accounts];
        time = START_MILLIS;
        for (int a = 0; a < accounts; a++) {
            names[a] = "user" + a + "@example.com";
            sessions[a] = "SESSION-" + Integer.toHexString(a * 0x9E3779B1) + "-" + a;
            userAgents[a] = UserAgents.forAccount(a);
            ips[a] = IpAddress.ofV4(0x0B00_0000 + a);
            order[a] = a;
            engine.accept(Event.builder(EventType.PROFILE, time += 1).account(names[a]).detail("name", "Person " + a)
                    .detail("country", "JP").build());
            engine.accept(Event.builder(EventType.IDENTITY_DOCUMENT, time += 1).account(names[a])
                    .detail("document", "DOC-" + a).detail("name", "Person " + a).build());
            engine.accept(Event.builder(EventType.PAYOUT_ACCOUNT, time += 1).account(names[a])
                    .detail("payout_ref", "0005-" + a).detail("holder_name", "Person " + a).build());
            engine.accept(Event.builder(EventType.LOGIN, time += 1).account(names[a]).ip(ips[a]).session(sessions[a])
                    .device("device-" + a).userAgent(userAgents[a]).build());
        }
        for (int r = 0; r < 3; r++) {
            nextRound();
            for (Event e : batch) {
                engine.accept(e);
            }
        }
        next = accounts;
        System.out.println("\nState after set-up: " + engine.metrics().getCacheSizes() + ", flags so far: "
                + engine.metrics().getFlagsBySignal());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("\nState after run: " + engine.metrics().getCacheSizes() + ", flags: "
                + engine.metrics().getFlagsBySignal());
        engine.close();
    }

    @Benchmark
    public List<Flag> accept() {
        if (next == accounts) {
            nextRound();
        }
        calls++;
        return engine.accept(batch[next++]);
    }

    private void nextRound() {
        for (int i = accounts - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        round++;
        for (int i = 0; i < accounts; i++) {
            int a = order[i];
            time += 1;
            batch[i] = "marketplace".equals(mix) && i % 10 == 0 ? marketplace(a, i / 10) : request(a);
        }
        next = 0;
    }

    private Event request(int a) {
        return Event.builder(EventType.REQUEST, time).account(names[a]).ip(ips[a]).session(sessions[a])
                .device("device-" + a).userAgent(userAgents[a]).detail("path", "/jobs").build();
    }

    private Event marketplace(int a, int n) {
        Event.Builder b;
        switch ((n + round) % 6) {
            case 0 -> b = Event.builder(EventType.REVIEW, time).detail("subject", names[random.nextInt(accounts)])
                    .detail("rating", "4");
            case 1 -> {
                StringBuilder text = new StringBuilder();
                for (int s = 0; s < 2; s++) {
                    text.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
                }
                // Words of random katakana: every text its own, as real conversations are.
                for (int w = 0; w < 10; w++) {
                    for (int c = 0; c < 3; c++) {
                        text.append((char) ('ア' + random.nextInt(80)));
                    }
                    text.append(' ');
                }
                b = Event.builder(EventType.MESSAGE, time).detail("to", names[random.nextInt(accounts)])
                        .detail("text", text.append("案件番号 ").append(random.nextInt(100_000)).toString());
            }
            case 2 -> b = Event.builder(EventType.OFFER, time).detail("rate", String.valueOf(3000 + random.nextInt(2001)))
                    .detail("currency", "JPY").detail("category", "category-" + random.nextInt(20));
            case 3 -> b = Event.builder(EventType.PROFILE_CHANGE, time).detail("field", "email")
                    .detail("value", "u" + a + "-" + round + "@example.com");
            case 4 -> b = Event.builder(EventType.PAYOUT_ACCOUNT, time).detail("payout_ref", "0005-" + a + "-" + round)
                    .detail("holder_name", "Person " + a);
            default -> b = Event.builder(EventType.IDENTITY_DOCUMENT, time).detail("document", "DOC-" + a)
                    .detail("name", "Person " + a);
        }
        return b.account(names[a]).ip(ips[a]).session(sessions[a]).device("device-" + a).userAgent(userAgents[a]).build();
    }
}
