package io.logintelemetry.bench;

import io.logintelemetry.text.MessageFindings;
import io.logintelemetry.text.MessageScanner;
import io.logintelemetry.text.MinHash;
import io.logintelemetry.text.NameComparison;
import io.logintelemetry.text.NameMatcher;
import io.logintelemetry.text.NearDuplicateIndex;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The text work the marketplace detectors do inline on the request thread, one call each: comparing
 * a declared name with a payout holder name, scanning one message, signing one message and looking it
 * up in a full near-duplicate index. Inputs rotate through realistic samples so no call is served
 * from a warm branch of the previous one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TextAnalysis {

    private static final String[][] NAMES = {
        {"Shota Saitoh", "ｻｲﾄｳ ｼﾖｳﾀ"}, {"ヤマダ タロウ", "ヤマダ ジロウ"}, {"株式会社ヤマダ商事", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ"},
        {"Taro Yamada", "YAMADA TARO"}, {"山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ"}, {"Kyoko Sato", "ｻﾄｳ ｷﾖｳｺ"},
    };
    private static final String[] MESSAGES = {
        "はじめまして。Webアプリ開発を10年以上行っているエンジニアです。Java、Spring Boot、React、AWSでの開発経験が豊富で、"
                + "ご依頼の業務システムを短期間で高品質に納品できます。ぜひ一度お話しさせてください。",
        "Hello, I am a senior full stack developer with 8 years of experience. I can start immediately. "
                + "To save the fee, contact me on Telegram t.me/dev_kevin or pay USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.",
        "振込先：三菱UFJ銀行 渋谷支店 普通 1234567 ヤマダ タロウ。振込手数料はご負担ください。納期は2026-03-01です。",
        "LINE IDはtaro_1234です。次回からは直接取引しませんか？手数料なしでお受けします。090-1234-5678",
    };

    private final NameMatcher matcher = new NameMatcher();
    private final MessageScanner scanner = MessageScanner.builder().allowEmailDomain("platform.example.jp").build();
    private final MinHash minHash = new MinHash();
    private NearDuplicateIndex index;
    private int[][] signatures;
    private int next;

    @Setup
    public void fillTheIndex() {
        index = NearDuplicateIndex.builder().maxEntries(100_000).build();
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 30; w++) {
                text.append(Integer.toString(random.nextInt(1 << 20), 36)).append(' ');
            }
            index.add("filler" + i, minHash.signature(text.toString()));
        }
        signatures = new int[MESSAGES.length][];
        for (int i = 0; i < MESSAGES.length; i++) {
            signatures[i] = minHash.signature(MESSAGES[i]);
        }
    }

    @Benchmark
    public NameComparison compareNames() {
        String[] pair = NAMES[next++ % NAMES.length];
        return matcher.compare(pair[0], pair[1]);
    }

    @Benchmark
    public MessageFindings scanMessage() {
        return scanner.scan(MESSAGES[next++ % MESSAGES.length]);
    }

    @Benchmark
    public int[] signMessage() {
        return minHash.signature(MESSAGES[next++ % MESSAGES.length]);
    }

    /** One look-up and insert in an index of 100,000 texts (the oldest evicted each time). */
    @Benchmark
    public Set<String> addToFullIndex() {
        int i = next++;
        return index.add("sender" + (i & 1023), signatures[i % signatures.length]);
    }
}
