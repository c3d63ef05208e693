package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.flag.Signal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** payout.name_mismatch, through the engine with the text module's NameMatcher. */
class PayoutNameMismatchTest {

    @ParameterizedTest(name = "{0} ({1}) paid to {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Taro Yamada     | -          | ﾔﾏﾀﾞ ﾀﾛｳ             | -",
            "ヤマダ タロウ      | -          | ヤマダ　タロウ様          | -",
            "YAMADA TARO     | -          | ヤマダ タロウ           | -",
            "Taro Yamada     | -          | ｻﾄｳ ﾊﾅｺ              | medium",
            "Taro Yamada     | -          | 株式会社サンプル           | medium",
            "山田 太郎          | -          | ﾔﾏﾀﾞ ﾀﾛｳ             | low",
            "山田 太郎          | ヤマダ タロウ  | ﾔﾏﾀﾞ ﾀﾛｳ             | -",
            "山田 太郎          | ヤマダ タロウ  | ｽｽﾞｷ ｲﾁﾛｳ            | medium",
    })
    void comparesDeclaredAndHolderNames(String declared, String reading, String holder, String severity) {
        Sim sim = Market.sim();
        sim.send(Market.profile("u1", min(0), declared.strip(), reading == null ? null : reading.strip(), "JP"));
        sim.send(Market.payout("u1", min(5), "0005-1", holder.strip()));
        List<Flag> flags = sim.flagsOf(Signal.PAYOUT_NAME_MISMATCH);
        if (severity == null) {
            assertThat(flags).isEmpty();
        } else {
            assertThat(flags).hasSize(1);
            assertThat(flags.get(0).severity().wireName()).isEqualTo(severity.strip());
            // Names are personal data: neither reaches the flag.
            assertThat(FlagJson.toJson(flags.get(0))).doesNotContain(declared.strip(), holder.strip());
        }
    }

    @Test
    void judgedWhicheverComesFirstAndTheSummarySaysWhy() {
        Sim sim = Market.sim();
        sim.send(Market.payout("u1", min(0), "0005-1", "ｽｽﾞｷ ｲﾁﾛｳ"));
        assertThat(sim.flags).isEmpty();
        sim.send(Market.profile("u1", min(5), "Taro Yamada", null, "JP"));
        Flag f = sim.flagsOf(Signal.PAYOUT_NAME_MISMATCH).get(0);
        assertThat(f.summary()).startsWith("payout account holder name differs from the declared name (");
        assertThat(f.evidence().get("verdict")).isEqualTo("different");
    }

    @Test
    void notComparableCanBeSwitchedOffAndTheWholeSignalToo() {
        Sim quiet = Market.sim("detector.payout.name_mismatch.not-comparable", "false");
        quiet.send(Market.profile("u1", min(0), "山田 太郎", null, "JP"));
        quiet.send(Market.payout("u1", min(5), "0005-1", "ﾔﾏﾀﾞ ﾀﾛｳ"));
        assertThat(quiet.flags).isEmpty();
        Sim off = Market.sim("detector.payout.name_mismatch.enabled", "false");
        off.send(Market.profile("u1", min(0), "Taro Yamada", null, "JP"));
        off.send(Market.payout("u1", min(5), "0005-1", "ｽｽﾞｷ ｲﾁﾛｳ"));
        assertThat(off.flagsOf(Signal.PAYOUT_NAME_MISMATCH)).isEmpty();
    }
}
