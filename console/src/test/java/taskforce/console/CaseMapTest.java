package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CaseMapTest {

    private static final CaseMap.Circle BISSONNET =
            new CaseMap.Circle("op-1", "Search warrant", 29.7049, -95.5486, 150, false);
    private static final CaseMap.Circle EAST_OF_IT =
            new CaseMap.Circle("op-2", "Surveillance <night>", 29.7049, -95.5286, 300, false);

    @Test
    void drawsEachOperationAsACircleWhereItIsAndAsLargeAsItIsOnTheGround() {
        CaseMap map = CaseMap.of(List.of(BISSONNET, EAST_OF_IT), List.of(new CaseMap.Point("Lead", 29.70, -95.54)));

        // both fit, with a margin, and the one further east is drawn to the right at the same height
        for (CaseMap.Circle c : List.of(BISSONNET, EAST_OF_IT)) {
            assertThat(map.x(c.longitude())).isBetween(0.0, (double) CaseMap.WIDTH);
            assertThat(map.y(c.latitude())).isBetween(0.0, (double) CaseMap.HEIGHT);
        }
        assertThat(map.x(EAST_OF_IT.longitude())).isGreaterThan(map.x(BISSONNET.longitude()));
        assertThat(map.y(EAST_OF_IT.latitude())).isCloseTo(map.y(BISSONNET.latitude()), within(1e-9));
        // 0.02 degrees of longitude at 29.7° N are 1,933 m on the ground: the radii keep that proportion
        double pixelsBetween = map.x(EAST_OF_IT.longitude()) - map.x(BISSONNET.longitude());
        assertThat(map.radius(300) / pixelsBetween).isCloseTo(300 / 1933.0, within(0.005));
        // north is up
        assertThat(map.y(29.80)).isLessThan(map.y(29.70));
    }

    @Test
    void namesWhatItShowsAndEscapesEveryLabel() {
        String svg = CaseMap.of(List.of(BISSONNET, EAST_OF_IT), List.of()).svg();

        assertThat(svg)
                .contains("role=\"img\"")
                .contains("<title id=\"case-map-title\">Map of 2 planned operations and 0 lead locations</title>")
                .contains("2. Surveillance &lt;night&gt;")
                .doesNotContain("<night>")
                .contains("data-operation-id=\"op-1\"");
        Matcher borders = Pattern.compile("class=\"borders\" d=\"M").matcher(svg);
        assertThat(borders.find()).as("Texas's borders are near Houston").isTrue();
    }

    @Test
    void escapesQuotesAndAmpersandsSoALabelCannotLeaveItsAttributeOrTitle() {
        CaseMap.Circle quoted =
                new CaseMap.Circle("op\" onclick=\"x", "Café \"Roja\" & O'Neil's <b>", 29.7049, -95.5486, 150, false);

        String svg = CaseMap.of(List.of(quoted), List.of()).svg();

        assertThat(svg)
                .contains("data-operation-id=\"op&quot; onclick=&quot;x\"")
                .contains("1. Café &quot;Roja&quot; &amp; O&#39;Neil&#39;s &lt;b&gt;")
                .doesNotContain("onclick=\"");
    }

    @Test
    void showsTheCountryWhenThereIsNothingToShowYet() {
        CaseMap map = CaseMap.of(List.of(), List.of());

        assertThat(map.svg()).contains("no planned operation or lead location yet");
        assertThat(map.x(-125)).isGreaterThanOrEqualTo(0.0);
        assertThat(map.x(-66.5)).isLessThanOrEqualTo((double) CaseMap.WIDTH);
    }
}
