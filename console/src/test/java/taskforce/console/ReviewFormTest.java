package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReviewFormTest {

    @Nested
    class APurge {

        @Test
        void isConfirmedByTheCasesOwnNumberGiveOrTakeSpacesAndCapitals() {
            assertThat(purgeTyping(" best-hou-fy27-000042 ").confirms("BEST-HOU-FY27-000042"))
                    .isTrue();
        }

        @Test
        void isNotConfirmedByAnotherNumberByNothingOrAgainstNoNumber() {
            assertThat(purgeTyping("BEST-HOU-FY27-000043").confirms("BEST-HOU-FY27-000042"))
                    .isFalse();
            assertThat(purgeTyping("BEST-HOU-FY27-00004").confirms("BEST-HOU-FY27-000042"))
                    .isFalse();
            assertThat(purgeTyping(null).confirms("BEST-HOU-FY27-000042")).isFalse();
            assertThat(purgeTyping("").confirms("")).isFalse();
        }

        @Test
        void goesBackToTheFormWithoutTheNumberTyped() {
            ReviewForm refill = purgeTyping("BEST-HOU-FY27-000042").toRefill();

            assertThat(refill.isPurge()).isTrue();
            assertThat(refill.reason()).isEqualTo("No longer relevant");
            assertThat(refill.confirmCaseNumber()).isNull();
        }

        private static ReviewForm purgeTyping(String typed) {
            return new ReviewForm(ReviewForm.PURGE, "No longer relevant", typed);
        }
    }

    @Nested
    class TheBodySent {

        @Test
        void carriesDecisionAndReasonOnlyWithBlanksAsAbsent() {
            assertThat(new ReviewForm(ReviewForm.VALIDATED, "Trial pending", "BEST-HOU-1").body())
                    .containsExactly(
                            java.util.Map.entry("decision", "VALIDATED"),
                            java.util.Map.entry("reason", "Trial pending"));
            assertThat(new ReviewForm(" ", " ", null).body())
                    .containsEntry("decision", null)
                    .containsEntry("reason", null);
        }
    }

    @Nested
    class TheQueue {

        static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");

        @Test
        void marksOverdueWhatFellDueBeforeNowOnly() {
            assertThat(ReviewPages.overdue("2026-12-07T15:59:59Z", NOW)).isTrue();
            assertThat(ReviewPages.overdue("2026-12-07T16:00:00Z", NOW)).isFalse();
            assertThat(ReviewPages.overdue(null, NOW)).isFalse();
            assertThat(ReviewPages.overdue("soon", NOW)).isFalse();
        }

        @Test
        void looksThirtyDaysAheadUnlessAskedForAnotherHorizonItOffers() {
            assertThat(ReviewPages.horizon(null).value()).isEqualTo("30d");
            assertThat(ReviewPages.horizon("forever").value()).isEqualTo("30d");
            assertThat(ReviewPages.horizon("1y").ahead()).hasDays(365);
            assertThat(ReviewPages.HORIZONS.keySet()).containsExactly("30d", "90d", "1y");
        }
    }
}
