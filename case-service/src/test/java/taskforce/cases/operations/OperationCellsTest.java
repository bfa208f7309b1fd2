package taskforce.cases.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.cases.operations.PlannedOperation.Area;

class OperationCellsTest {

    private final OperationCells cells = new OperationCells();

    @Nested
    class EveryOverlapSharesAKey {

        /**
         * The index may find candidates that do not overlap (the exact test removes them) but must never miss one
         * that does: for random pairs of circles that touch, from barely to fully, the cells they file under meet.
         */
        @Test
        void forRandomTouchingCirclesOfEverySizeAcrossTheContinent() {
            Random random = new Random(20261124);
            int pairs = 3000;
            for (int i = 0; i < pairs; i++) {
                Area a = new Area(
                        25 + random.nextDouble() * 24, -124 + random.nextDouble() * 57, 10 + random.nextInt(4991));
                int radiusB = 10 + random.nextInt(4991);
                // the second centre at a distance up to the sum of the radii, in any direction
                double distance = (a.radiusMeters() + radiusB) * Math.sqrt(random.nextDouble()) * 0.999;
                var centre =
                        OperationCells.destination(a.latitude(), a.longitude(), random.nextDouble() * 360, distance);
                Area b = new Area(centre.lat, centre.lng, radiusB);
                assertThat(OperationCells.distanceMeters(a, b)).isLessThanOrEqualTo(a.radiusMeters() + radiusB);
                assertThat(Collections.disjoint(cells.cellsTouching(a), cells.cellsTouching(b)))
                        .as("%s and %s overlap but share no cell", a, b)
                        .isFalse();
            }
        }

        @Test
        void forTheSmallestCirclesBarelyTouching() {
            Area a = new Area(29.7604, -95.3698, 10);
            var centre = OperationCells.destination(a.latitude(), a.longitude(), 90, 19.9);
            Area b = new Area(centre.lat, centre.lng, 10);
            assertThat(cells.cellsTouching(a)).containsAnyElementsOf(cells.cellsTouching(b));
        }
    }

    @Nested
    class TheIndexStaysSelective {

        @Test
        void operationsTwoCitiesApartShareNoCell() {
            Area houston = new Area(29.7604, -95.3698, 5000);
            Area dallas = new Area(32.7767, -96.7970, 5000);
            assertThat(cells.cellsTouching(houston)).doesNotContainAnyElementsOf(cells.cellsTouching(dallas));
        }

        @Test
        void aLargeCircleIsFiledUnderTensOfCellsNotThousands() {
            assertThat(cells.cellsTouching(new Area(29.7604, -95.3698, 5000))).hasSizeBetween(20, 80);
            assertThat(cells.cellsTouching(new Area(29.7604, -95.3698, 10))).hasSizeBetween(1, 20);
        }
    }

    @Nested
    class Days {

        @Test
        void aNightOperationIsFiledUnderBothDaysItSpans() {
            Set<String> keys = cells.keys(
                    new Area(29.7604, -95.3698, 10),
                    Instant.parse("2026-11-27T22:00:00Z"),
                    Instant.parse("2026-11-28T03:00:00Z"));
            assertThat(keys).anyMatch(k -> k.endsWith("|2026-11-27")).anyMatch(k -> k.endsWith("|2026-11-28"));
            assertThat(keys).noneMatch(k -> k.endsWith("|2026-11-29"));
        }

        @Test
        void everyDayOfAWeekLongSurveillanceIsCovered() {
            assertThat(OperationCells.days(
                            Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-07T20:00:00Z")))
                    .hasSize(7)
                    .startsWith(LocalDate.parse("2026-12-01"))
                    .endsWith(LocalDate.parse("2026-12-07"));
        }
    }
}
