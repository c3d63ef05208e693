package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.SAFARI_IPHONE;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A commuter on mobile data hops between a few networks every hour; that alone must raise nothing. */
class CommuterTest {

    @Test
    void threeNetworksAnHourTwiceADayForTwoWeeksStayUnflagged() {
        Sim sim = Sim.defaults();
        String[] train = {"198.18.60.14", "198.18.61.200", "2001:db8:4a:7::1c"};
        for (int day = 0; day < 14; day++) {
            for (long leg : new long[] {7 * 60 + 30, 18 * 60}) {
                long start = day * 1440L + leg;
                String session = "c" + day + "-" + leg;
                for (int i = 0; i < 6; i++) {
                    // The app re-authenticates after each hand-over between cells.
                    String ip = train[i % train.length];
                    Sim.Ev e = i % 2 == 0 ? login("commuter", min(start + i * 9)) : request("commuter", min(start + i * 9));
                    sim.send(e.ip(ip).session(session).device("commuter-phone").ua(SAFARI_IPHONE));
                }
            }
        }
        assertThat(sim.flags).isEmpty();
    }
}
