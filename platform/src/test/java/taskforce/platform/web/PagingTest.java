package taskforce.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.Refusal;

class PagingTest {

    @Nested
    class Accepts {

        @Test
        void everySizeUpToTheMaximumAndTheFirstPage() {
            assertThat(Paging.of(0, 1, 200)).isEqualTo(new Paging(0, 1));
            assertThat(Paging.of(0, 200, 200).offset()).isZero();
        }

        @Test
        void theLastPageWhoseOffsetStillFitsAnInt() {
            Paging last = Paging.of(Integer.MAX_VALUE / 200, 200, 200);
            assertThat(last.offset()).isPositive().isLessThanOrEqualTo(Integer.MAX_VALUE);
        }
    }

    @Nested
    class RefusesNamingTheParameter {

        @ParameterizedTest(name = "page {0}, size {1} -> {2}")
        @CsvSource({
            "0, 0, size",
            "0, -1, size",
            "0, 201, size",
            "0, 2147483647, size",
            "-1, 20, page",
            "-2147483648, 20, page",
            "10737419, 20, page",
            "2147483647, 20, page",
            "99999999999, 20, page"
        })
        void withBadRequest(long page, long size, String field) {
            assertThatThrownBy(() -> Paging.of(page, size, 200)).isInstanceOfSatisfying(InvalidField.class, problem -> {
                assertThat(problem.kind()).isEqualTo(Refusal.Kind.INVALID_FIELD);
                assertThat(problem.field()).isEqualTo(field);
            });
        }
    }
}
