package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** activity.off_hours: most active time at night in the declared country's time zone. */
class ActivityOffHoursTest {

    /** Works {@code hours} from {@code startHourUtc} on {@code days} days, a request every 5 minutes. */
    private static void work(Sim sim, String account, int days, double startHourUtc, double hours) {
        for (int d = 0; d < days; d++) {
            long start = Sim.at(Duration.ofDays(d).plusMinutes(Math.round(startHourUtc * 60)));
            sim.send(Sim.login(account, start).ip("203.0.113.9").session("s" + d).ua(CHROME_WIN));
            for (long m = 5; m <= hours * 60; m += 5) {
                sim.send(Sim.request(account, start + m * 60_000).ip("203.0.113.9").session("s" + d).ua(CHROME_WIN));
            }
        }
    }

    @ParameterizedTest(name = "{0} ({1}) working from {2}:00 UTC for {3} h on {4} days: flagged {5}")
    @CsvSource({
            // 15:00-21:00 UTC is 00:00-06:00 in Tokyo.
            "JP, '', 15, 6, 3, true",
            // 00:00-06:00 UTC is office hours in Tokyo.
            "JP, '', 0, 6, 3, false",
            // Half the time at night (18:00-22:00 JST, 22:00-02:00 JST) is below 60%.
            "JP, '', 9, 8, 3, false",
            // Night, but under 10 hours in all.
            "JP, '', 15, 3, 3, false",
            // The US has several zones: not judged unless configured.
            "US, '', 4, 6, 3, false",
            "US, US=America/New_York, 4, 6, 3, true",
            "US, US=Asia/Tokyo, 4, 6, 3, false",
            // No declared country: not judged.
            "'', '', 15, 6, 3, false",
    })
    void nightShareInTheDeclaredZone(String country, String zones, double startHourUtc, double hours, int days,
                                     boolean flagged) {
        List<String> config = new ArrayList<>();
        if (!zones.isEmpty()) {
            config.add("detector.activity.off_hours.zones");
            config.add(zones);
        }
        Sim sim = Sim.with(config.toArray(String[]::new));
        if (!country.isEmpty()) {
            sim.send(Market.profile("u1", Sim.min(0), "Taro", country));
        }
        work(sim, "u1", days, startHourUtc, hours);
        assertThat(sim.flagsOf(Signal.ACTIVITY_OFF_HOURS).isEmpty()).isEqualTo(!flagged);
    }

    @Test
    void theFlagSaysHowMuchAtNightWhereAndInWhichZone() {
        Sim sim = Sim.defaults();
        sim.send(Market.profile("u1", Sim.min(0), "Taro", "JP"));
        work(sim, "u1", 3, 15, 6);
        Flag f = sim.flagsOf(Signal.ACTIVITY_OFF_HOURS).get(0);
        assertThat(f.summary()).isEqualTo("100% of 10 h active in 7 days at night in JP (22:00-06:00 Asia/Tokyo; limit 60%)");
        assertThat(f.evidence().values()).containsEntry("zone", "Asia/Tokyo").containsEntry("limit_percent", 60L);
        assertThat(sim.flagsOf(Signal.ACTIVITY_OFF_HOURS)).hasSize(1);
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.activity.off_hours.enabled", "false");
        sim.send(Market.profile("u1", Sim.min(0), "Taro", "JP"));
        work(sim, "u1", 3, 15, 6);
        assertThat(sim.flagsOf(Signal.ACTIVITY_OFF_HOURS)).isEmpty();
    }
}
