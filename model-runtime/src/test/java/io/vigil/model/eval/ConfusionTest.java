package io.vigil.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ConfusionTest {

    @Test
    void computesTheLeaderboardFiguresOfAHandMadeMatrix() {
        Confusion c = new Confusion(80, 10, 90, 20);

        assertThat(c.f1()).isCloseTo(80 / (80 + (20 + 10) / 2.0), within(1e-12));
        assertThat(c.far()).isCloseTo(10.0, within(1e-12));
        assertThat(c.mar()).isCloseTo(20.0, within(1e-12));
        assertThat(c.precision()).isCloseTo(80 / 90.0, within(1e-12));
        assertThat(c.recall()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void countsPointByPointAndSumsAcrossFiles() {
        boolean[] actual = {true, true, false, false, true};
        boolean[] predicted = {true, false, true, false, true};

        Confusion one = Confusion.of(actual, predicted);

        assertThat(one).isEqualTo(new Confusion(2, 1, 1, 1));
        assertThat(one.plus(one)).isEqualTo(new Confusion(4, 2, 2, 2));
    }

    @Test
    void givesZeroInsteadOfNanForEmptyDenominators() {
        assertThat(Confusion.EMPTY.f1()).isZero();
        assertThat(Confusion.EMPTY.far()).isZero();
    }
}
