package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The console used as people use it, in a real browser against the whole system: an officer submits a lead, the
 * coordinator finds the case it became and assigns the officer, whose inbox count rises while they look at it; an
 * agency administrator wires a webhook and watches its deliveries; the results page shows its figures. Every page
 * visited passes an accessibility check (axe-core, WCAG 2.1 A/AA, nothing serious or critical) and leaves a
 * screenshot in target/screenshots. The steps build on each other, so they run in order on one stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String TASK_FORCE = "best-houston";
    static final String OFFICER = "hpd-officer-garza";
    static final String COORDINATOR = "best-coordinator-ramirez";
    /** The coordinator of the task force a case is offered to. */
    static final String RECEIVING_COORDINATOR = "gang-coordinator-okafor";

    static final String AGENCY_ADMIN = "houston-pd-admin";

    /** How long case-service keeps a case before its review falls due, here (five years in production). */
    static final String REVIEW_PERIOD = "P20D";

    static LocalStack stack;
    /** The officer's browser and the desk shared by the coordinator and then the agency administrator. */
    static Browser officer;

    static Browser desk;
    static WebhookReceiver receiver;

    static final String reference = "CON-" + UUID.randomUUID().toString().substring(0, 8);
    static final String phone =
            "713-555-" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    static String caseNumber;
    static String caseUrl;

    @BeforeAll
    static void startTheSystemAndTwoBrowsers() {
        assumeTrue(
                Browser.available(),
                "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver);"
                        + " .ci/run installs them");
        stack = LocalStack.start(LocalStack.Options.forTests()
                .withServiceArguments(
                        // cases fall due for review 20 days after opening: the new case is due within the Reviews
                        // page's 30 days, and the year of demo cases are overdue
                        "--taskforce.cases.review.period=" + REVIEW_PERIOD,
                        // and none lapses into a purge of its own while the steps run
                        "--taskforce.cases.review.grace=P3650D"));
        receiver = new WebhookReceiver();
        officer = new Browser(stack.consoleUrl());
        desk = new Browser(stack.consoleUrl());
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable : new AutoCloseable[] {officer, desk, receiver, stack}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
    }

    @Test
    @Order(1)
    void anOfficerSubmitsALeadAndSeesTheServersMessageAtTheField() {
        officer.signIn(OFFICER);
        // a browser in UTC: the times say so, and the exact instant is on hover
        officer.open("/leads");
        officer.find(By.linkText("Submit a lead")).click();
        officer.awaitText(By.tagName("h1"), "Submit a lead");

        officer.choose("taskForceId", TASK_FORCE);
        officer.type("agencyReference", reference);
        officer.choose("priority", "URGENT");
        officer.type("summary", "Firearms sold from a car outside a bar");
        officer.type("narrative", "Two buyers, cash only; the seller comes back every Friday.");
        officer.type("location.city", "Houston");
        officer.type("location.state", "TX");
        officer.type("location.latitude", "29.7049");
        officer.type("location.longitude", "-95.5486");
        officer.type("subjects0.name", "John Roe");
        officer.choose("identifiers0.type", "PHONE");
        officer.type("identifiers0.value", phone);
        // more rows, as many as there are: the form comes back with one more, the typed values kept
        officer.click("Add a subject");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !officer.findAll(By.id("subjects1.name")).isEmpty());
        officer.type("subjects1.name", "Jane Doe");
        officer.choose("subjects1.role", "WITNESS");
        officer.click("Add an identifier");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !officer.findAll(By.id("identifiers1.value")).isEmpty());
        officer.choose("identifiers1.type", "VEHICLE_PLATE");
        officer.type("identifiers1.value", "TX ABC-" + phone.substring(8));
        assertThat(officer.find(By.id("subjects0.name")).getAttribute("value")).isEqualTo("John Roe");

        // a time the browser accepts but intake refuses: its message appears at the field
        officer.setValue(
                "occurredAt",
                LocalDateTime.now(ZoneOffset.UTC)
                        .plusDays(30)
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString());
        officer.click("Submit the lead");
        WebElement error = officer.find(By.id("occurredAt-error"));
        assertThat(error.getText()).contains("future");
        assertThat(officer.find(By.id("occurredAt")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        officer.visited("lead-form");

        officer.setValue(
                "occurredAt",
                LocalDateTime.now(ZoneOffset.UTC)
                        .minusDays(1)
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString());
        officer.click("Submit the lead");
        officer.awaitText(By.cssSelector(".notice"), "received");

        // triage makes a case of it; the agency's list says which
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    officer.open("/leads");
                    return leadRow().getText().contains("Linked to case");
                });
        WebElement link = leadRow().findElement(By.cssSelector(".standing a"));
        caseNumber = link.getText();
        caseUrl = link.getAttribute("href");
        WebElement received = leadRow().findElement(By.tagName("time"));
        assertThat(received.getText()).matches("just now|\\d+ minutes? ago");
        assertThat(received.getAttribute("title")).contains(" UTC (");
        assertThat(caseNumber).startsWith("BEST-HOU-");
        officer.visited("leads");
    }

    @Test
    @Order(2)
    void theCoordinatorFindsTheNewCaseAndAssignsTheOfficerWhoseInboxCountRisesWithoutAReload() {
        // the coordinator's laptop is in Houston; the console says times in its zone
        desk.inTimeZone("America/Chicago");
        desk.signIn(COORDINATOR);
        desk.open("/cases");
        desk.awaitText(By.tagName("h1"), "Case board");
        assertThat(desk.find(By.id("case-board")).getText()).contains(caseNumber);
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> desk.find(By.cssSelector("#case-board tr[data-case-id] time"))
                        .getAttribute("title")
                        .contains(" CST ("));
        WebElement opened = desk.find(By.cssSelector("#case-board tr[data-case-id] time"));
        assertThat(opened.getText()).matches("just now|\\d+ minutes? ago");
        assertThat(opened.getAttribute("datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        // the search reads identifiers as triage does: the phone written another way finds the case
        desk.type("q", "(" + phone.substring(0, 3) + ") " + phone.substring(4));
        desk.click("Show");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> desk.driver.getCurrentUrl().contains("q=%28713%29"));
        assertThat(desk.find(By.id("case-board")).getText()).contains(caseNumber);
        // and so does a subject's name
        desk.type("q", "jane doe");
        desk.click("Show");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> desk.driver.getCurrentUrl().contains("q=jane+doe"));
        assertThat(desk.find(By.id("case-board")).getText()).contains(caseNumber);
        // a search kept in the address, so the view can be bookmarked and shared
        desk.type("q", caseNumber);
        desk.choose("status", "OPEN");
        desk.click("Show");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> desk.driver.getCurrentUrl().contains("q=" + caseNumber));
        assertThat(desk.driver.getCurrentUrl()).contains("status=OPEN");
        assertThat(desk.findAll(By.cssSelector("#case-board tr[data-case-id]"))).hasSize(1);
        assertThat(desk.find(By.id("q")).getAttribute("value")).isEqualTo(caseNumber);
        // the coordinator's unread notifications of the case, from their inbox grouped by case
        assertThat(desk.find(By.cssSelector("#case-board tr[data-case-id] td.unread-count"))
                        .getText())
                .matches("\\d+");
        desk.visited("case-board");
        desk.find(By.linkText(caseNumber)).click();
        desk.awaitText(By.id("case-number"), caseNumber);
        // only the moves the lifecycle allows from OPEN
        assertThat(desk.findAll(By.xpath("//button[starts-with(normalize-space(), 'Mark ')]")).stream()
                        .map(WebElement::getText))
                .containsExactly("Mark ASSIGNED", "Mark CLOSED");

        officer.open("/inbox");
        int before = inboxCount();
        officer.js("window.stillTheSamePage = true;");

        desk.choose("assign-member", OFFICER);
        desk.choose("assign-role", "LEAD");
        desk.click("Assign");
        desk.awaitText(By.cssSelector(".notice"), "Assigned " + OFFICER);
        assertThat(desk.find(By.id("assignments")).getText()).contains(OFFICER);
        // the timeline in sentences: who did what, never the wire name
        String timeline = desk.find(By.id("timeline")).getText();
        assertThat(timeline)
                .contains("A lead of Houston Police Department opened the case")
                .contains("Elena Ramirez assigned Miguel Garza as lead investigator.")
                .doesNotContain("case.assigned.v1");
        // who is assigned, with the role in words and since when; subjects as a table; outcomes as people read them
        assertThat(desk.find(By.id("assignments")).getText())
                .contains("Miguel Garza (" + OFFICER + "), lead investigator")
                .contains("since ")
                .contains("assigned by Elena Ramirez");
        assertThat(desk.find(By.id("subjects")).getText()).contains("John Roe").contains("Witness");
        // the lead by agency and date; the coordinator's agency is not the lead's, so no link to it
        WebElement leads = desk.find(By.id("linked-leads"));
        assertThat(leads.getText()).contains("Houston Police Department").contains("read by its own agency only");
        assertThat(leads.findElements(By.tagName("a"))).isEmpty();
        desk.visited("case");

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxCount() > before);
        assertThat(officer.js("return window.stillTheSamePage === true;")).isEqualTo(true);
        // the list follows the count, still without a reload
        await().atMost(Duration.ofSeconds(10))
                .until(() -> officer.find(By.id("inbox-list")).getText().contains(caseNumber));
        // grouped by case with a count; unread only, then all marked read and the header count follows
        officer.open("/inbox");
        assertThat(officer.find(By.id("inbox-cases")).getText())
                .contains(caseNumber)
                .contains("unread");
        officer.find(By.linkText("Unread")).click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> officer.driver.getCurrentUrl().contains("show=unread"));
        assertThat(officer.find(By.id("inbox-list")).getText()).contains(caseNumber);
        officer.visited("inbox");
        // marked again while the case's later notifications (its status moving on) are still arriving
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    officer.open("/inbox?show=unread");
                    officer.click("Mark all read");
                    officer.awaitText(By.cssSelector(".notice"), "read.");
                    return inboxCount() == 0;
                });
        officer.open("/inbox?show=unread");
        assertThat(officer.find(By.id("inbox-list")).getText()).contains("Nothing here.");
        officer.open("/inbox");

        desk.choose("outcome-type", "SEIZURE");
        desk.choose("seizure-category", "CURRENCY");
        desk.type("seizure-quantity", "371442");
        desk.choose("seizure-unit", "USD");
        desk.click("Record the outcome");
        desk.awaitText(By.cssSelector(".notice"), "Outcome recorded");
        assertThat(desk.find(By.id("outcomes")).getText()).contains("$371,442");
        desk.visited("case");
    }

    @Test
    @Order(3)
    void openingANotificationOpensItsCase() {
        officer.find(By.xpath("//div[@id='inbox-list']//button[contains(., '" + caseNumber + "')]"))
                .click();
        officer.awaitText(By.id("case-number"), caseNumber);
        assertThat(officer.driver.getCurrentUrl()).isEqualTo(caseUrl);
        // the officer's own agency's lead opens in full from the case
        assertThat(officer.find(By.id("linked-leads")).getText()).contains(reference);
        officer.visited("case-as-officer");
        officer.find(By.partialLinkText(reference)).click();
        officer.awaitText(By.id("lead-summary"), "Firearms sold from a car outside a bar");
        officer.visited("lead");
        officer.driver.navigate().back();
        officer.awaitText(By.id("case-number"), caseNumber);
    }

    @Test
    @Order(4)
    void anOperationPlannedOnTheCaseIsDrawnOnItsMapAsItIsTypedAndWhereItIsOnceRegistered() {
        // the lead's location is on the map already, as a dot
        assertThat(officer.findAll(By.cssSelector("#case-map .lead circle"))).hasSize(1);
        officer.choose("op-type", "SEARCH_WARRANT");
        officer.type("op-latitude", "29.7100");
        officer.type("op-longitude", "-95.5400");
        officer.type("op-radius", "400");
        WebElement draft = officer.find(By.id("draft-circle"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "visible".equals(draft.getAttribute("visibility")));
        double typedRadius = Double.parseDouble(draft.getAttribute("r"));
        officer.type("op-radius", "800");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Double.parseDouble(draft.getAttribute("r")) > 1.9 * typedRadius);
        LocalDateTime tomorrow = LocalDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.HOURS);
        officer.setValue("op-starts", tomorrow.toString());
        officer.setValue("op-ends", tomorrow.plusHours(3).toString());
        officer.type("op-contact-name", "Sgt. Garza");
        officer.type("op-contact-phone", "713-555-0101");
        officer.click("Register the operation");
        officer.awaitText(By.cssSelector(".notice"), "Operation registered");

        assertThat(officer.find(By.id("operations")).getText())
                .contains("Search warrant, 800 m around 29.71, -95.54")
                .contains("Sgt. Garza");
        WebElement map = officer.find(By.id("case-map"));
        WebElement circle = officer.find(By.cssSelector("#case-map .operation circle"));
        double perDegree = Double.parseDouble(map.getAttribute("data-pixels-per-degree"));
        double expectedX = Double.parseDouble(map.getAttribute("data-width")) / 2
                + (-95.54 - Double.parseDouble(map.getAttribute("data-center-longitude")))
                        * Double.parseDouble(map.getAttribute("data-narrowing"))
                        * perDegree;
        double expectedY = Double.parseDouble(map.getAttribute("data-height")) / 2
                - (29.71 - Double.parseDouble(map.getAttribute("data-center-latitude"))) * perDegree;
        assertThat(Double.parseDouble(circle.getAttribute("cx"))).isCloseTo(expectedX, within(0.5));
        assertThat(Double.parseDouble(circle.getAttribute("cy"))).isCloseTo(expectedY, within(0.5));
        assertThat(Double.parseDouble(circle.getAttribute("r"))).isCloseTo(800 / 111_320.0 * perDegree, within(0.5));
        // inside the map, north-east of the lead's dot
        WebElement lead = officer.find(By.cssSelector("#case-map .lead circle"));
        assertThat(Double.parseDouble(circle.getAttribute("cx")))
                .isBetween(0.0, 640.0)
                .isGreaterThan(Double.parseDouble(lead.getAttribute("cx")));
        assertThat(Double.parseDouble(circle.getAttribute("cy")))
                .isBetween(0.0, 400.0)
                .isLessThan(Double.parseDouble(lead.getAttribute("cy")));
        officer.visited("case-map");
    }

    @Test
    @Order(5)
    void anAgencyAdministratorSubscribesAWebhookIsShownItsSecretOnceAndSeesItsDeliveries() {
        desk.signOut();
        desk.signIn(AGENCY_ADMIN);
        desk.awaitText(By.tagName("h1"), "subscriptions");
        desk.choose("sub-taskForceId", TASK_FORCE);
        desk.type("sub-url", receiver.url());
        desk.click("Subscribe");
        String secret = desk.find(By.id("webhook-secret")).getText();
        assertThat(secret).startsWith("whsec_");
        receiver.useSecret(secret);
        desk.visited("subscriptions");
        desk.open("/subscriptions");
        assertThat(desk.findAll(By.id("webhook-secret")))
                .as("the secret is shown once")
                .isEmpty();

        // something happens in the task force: the officer notes progress on the case
        officer.type("note-text", "Seller seen again on Friday; plate confirmed.");
        officer.click("Add the note");
        officer.awaitText(By.cssSelector(".notice"), "Note added");

        desk.find(By.linkText("Deliveries")).click();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    desk.driver.navigate().refresh();
                    return desk.findAll(By.cssSelector("#deliveries .delivery")).stream()
                            .anyMatch(row -> row.getText().contains("SUCCEEDED")
                                    && row.getText().contains("HTTP 204"));
                });
        assertThat(receiver.deliveries).isNotEmpty().allMatch(WebhookReceiver.Delivery::signatureValid);
        desk.visited("deliveries");
    }

    @Test
    @Order(6)
    void theResultsPageShowsTheFiguresOfItsChartsAsATableToo() {
        desk.open("/results");
        desk.awaitText(By.tagName("h1"), "Results, fiscal year");
        WebElement figures = desk.find(By.id("figures-arrests"));
        List<WebElement> months = figures.findElements(By.cssSelector("tbody tr"));
        assertThat(months).hasSize(12);
        List<BigDecimal> monthly = months.stream()
                .map(row -> new BigDecimal(
                        row.findElement(By.tagName("td")).getText().replace(",", "")))
                .toList();
        // the chart draws the very figures the table shows
        WebElement canvas = desk.find(By.id("chart-arrests"));
        assertThat(Arrays.stream(canvas.getAttribute("data-values").split(","))
                        .map(BigDecimal::new)
                        .toList())
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(monthly);
        // and the months add up to the year's total, which the seeded demo outcomes make more than nothing
        BigDecimal total = new BigDecimal(desk.find(By.cssSelector("#results-table tfoot td:nth-of-type(2)"))
                .getText()
                .replace(",", ""));
        assertThat(monthly.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(total);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Boolean.TRUE.equals(desk.js(
                        "return window.Chart !== undefined && window.Chart.getChart(arguments[0]) !== undefined;",
                        canvas)));
        assertThat(desk.find(By.id("csv-download")).getAttribute("href")).contains("/results.csv");
        desk.visited("results");
    }

    @Test
    @Order(7)
    void pagesFitAPhoneAndTwoHundredPercentZoomWithoutSidewaysScrolling() {
        // 200 % zoom of a 1280 pixel window leaves 640 CSS pixels; a phone has about 390
        for (int width : new int[] {640, 390}) {
            officer.driver.manage().window().setSize(new Dimension(width, 900));
            officer.open("/leads/new");
            assertThat(officer.js("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("the lead form at %d pixels", width)
                    .isEqualTo(true);
            officer.open("/inbox");
            assertThat(officer.js("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("the inbox at %d pixels", width)
                    .isEqualTo(true);
        }
        officer.open("/leads/new");
        officer.visited("lead-form-phone");
    }

    @Test
    @Order(8)
    void theCoordinatorOffersTheCaseToAnotherTaskForceFollowsItOnTheTransfersPageAndWithdrawsIt() {
        desk.signOut();
        desk.signIn(COORDINATOR);
        desk.driver.get(caseUrl);
        desk.awaitText(By.id("case-number"), caseNumber);
        desk.choose("transfer-to", "gang-los-angeles");
        desk.type("transfer-reason", "The seller deals for a Los Angeles crew.");
        desk.click("Propose the transfer");
        desk.awaitText(By.cssSelector(".notice"), "Transfer proposed");
        desk.visited("case-transfer");

        desk.find(By.linkText("Transfers")).click();
        desk.awaitText(By.tagName("h1"), "Transfers");
        WebElement row =
                desk.find(By.xpath("//table[@id='outgoing-transfers']//tr[td[contains(., '" + caseNumber + "')]]"));
        assertThat(row.getText())
                .contains("Proposed")
                .contains("The seller deals for a Los Angeles crew.")
                .contains("Gang Task Force Los Angeles");
        desk.visited("transfers");
        row.findElement(By.xpath(".//button[normalize-space()='Withdraw']")).click();
        desk.awaitText(By.cssSelector(".notice"), "Transfer withdrawn");
        assertThat(desk.find(By.xpath("//table[@id='outgoing-transfers']//tr[td[contains(., '" + caseNumber + "')]]"))
                        .getText())
                .contains("Withdrawn");
    }

    @Test
    @Order(9)
    void theReceivingCoordinatorSeesOnlyWhatATransferTellsAndMustSayWhyToDecline() {
        desk.driver.get(caseUrl);
        desk.awaitText(By.id("case-number"), caseNumber);
        desk.choose("transfer-to", "gang-los-angeles");
        desk.type("transfer-reason", "Their crew after all.");
        desk.click("Propose the transfer");
        desk.awaitText(By.cssSelector(".notice"), "Transfer proposed");
        desk.signOut();

        desk.signIn(RECEIVING_COORDINATOR);
        desk.open("/transfers");
        WebElement offered = incomingRow();
        assertThat(offered.getText()).contains("Firearms sold from a car outside a bar", "Their crew after all.");
        assertThat(offered.findElements(By.tagName("a")))
                .as("the case is not theirs to open before they accept it")
                .isEmpty();
        desk.visited("transfers-incoming");
        // declining without a reason: case-service's message at this transfer's reason box
        offered.findElement(By.xpath(".//button[normalize-space()='Decline']")).click();
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() ->
                        !incomingRow().findElements(By.cssSelector(".error")).isEmpty());
        assertThat(incomingRow().findElement(By.tagName("textarea")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        incomingRow().findElement(By.tagName("textarea")).sendKeys("Not our crew.");
        incomingRow()
                .findElement(By.xpath(".//button[normalize-space()='Decline']"))
                .click();
        desk.awaitText(By.cssSelector(".notice"), "Transfer declined");
        assertThat(incomingRow().getText()).contains("Declined", "Not our crew.");
    }

    @Test
    @Order(10)
    void theCoordinatorFindsTheCasesDueForReviewKeepsTheNewOneAndPurgesAnOverdueOneWhichLeavesItsTombstone() {
        desk.signOut();
        desk.signIn(COORDINATOR);
        desk.find(By.linkText("Reviews")).click();
        desk.awaitText(By.tagName("h1"), "Reviews");
        WebElement queue = desk.find(By.id("reviews-" + TASK_FORCE));
        assertThat(queue.findElement(By.tagName("caption")).getText())
                .contains("due for review within the next 30 days, soonest first; page 1 of");
        // soonest first: the demo cases, opened over the past year, are overdue and come before the new case
        WebElement overdue = queue.findElement(By.cssSelector("tbody tr"));
        assertThat(overdue.getAttribute("class")).isEqualTo("overdue");
        assertThat(overdue.getText()).contains("Overdue:", "Demo: ");
        WebElement overdueLink = overdue.findElement(By.tagName("a"));
        String overdueNumber = overdueLink.getText();
        String overdueUrl = overdueLink.getAttribute("href");
        assertThat(overdue.findElement(By.cssSelector("td:last-child time")).getAttribute("title"))
                .contains(" C"); // the exact instant in the reader's zone (CST or CDT), on hover
        desk.visited("reviews");

        // the new case falls due last, 20 days from its opening: on the queue's last page, not overdue
        String pager = "//nav[contains(@aria-label, 'reviews')]//a[normalize-space()='Next page']";
        while (desk.findAll(By.xpath(
                        "//table[@id='reviews-" + TASK_FORCE + "']//a[normalize-space()='" + caseNumber + "']"))
                .isEmpty()) {
            String before = desk.driver.getCurrentUrl();
            assertThat(desk.findAll(By.xpath(pager)))
                    .as("a further page holding " + caseNumber)
                    .isNotEmpty();
            desk.find(By.xpath(pager)).click();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !desk.driver.getCurrentUrl().equals(before));
        }
        WebElement due = desk.find(By.xpath(
                "//table[@id='reviews-" + TASK_FORCE + "']//tr[td/a[normalize-space()='" + caseNumber + "']]"));
        assertThat(due.getAttribute("class")).doesNotContain("overdue");
        assertThat(due.getText()).contains("never").doesNotContain("Overdue");
        due.findElement(By.linkText(caseNumber)).click();
        desk.awaitText(By.id("case-number"), caseNumber);
        assertThat(desk.find(By.id("review-due")).getText()).startsWith("Review due ");

        desk.find(By.id("review-validate")).click();
        desk.type("review-reason", "The seller is still active; the Los Angeles crew is being identified.");
        desk.click("Record the review");
        desk.awaitText(By.cssSelector(".notice"), "Review recorded: the case is validated and kept");
        assertThat(desk.find(By.id("timeline")).getText())
                .contains("Elena Ramirez reviewed the case and kept it: “The seller is still active");
        desk.visited("case-review");

        // an overdue demo case purged: not before its number is typed again
        desk.driver.get(overdueUrl);
        desk.awaitText(By.id("case-number"), overdueNumber);
        desk.find(By.id("review-purge")).click();
        desk.type("review-reason", "A demo case: nothing in it is needed any more.");
        desk.click("Record the review");
        desk.awaitText(By.id("review-confirm-error"), "Type the case number, " + overdueNumber);
        assertThat(desk.find(By.id("review-confirm")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(desk.find(By.id("review-purge")).isSelected()).isTrue();
        assertThat(desk.find(By.id("review-reason")).getAttribute("value"))
                .isEqualTo("A demo case: nothing in it is needed any more.");
        desk.visited("case-purge-confirm");
        desk.type("review-confirm", overdueNumber);
        desk.click("Record the review");
        desk.awaitText(By.cssSelector(".notice"), "Case " + overdueNumber + " was purged");
        assertThat(desk.driver.getCurrentUrl()).endsWith("/reviews");

        desk.driver.get(overdueUrl);
        desk.awaitText(By.tagName("h1"), "This case was purged");
        assertThat(desk.find(By.id("tombstone")).getText())
                .contains(overdueNumber)
                .contains("Border Enforcement Security Task Force Houston")
                .contains("by Elena Ramirez, at its review")
                .doesNotContain("Demo: ");
        desk.visited("case-purged");
    }

    private static WebElement incomingRow() {
        return desk.find(By.xpath("//table[@id='incoming-transfers']//tr[td[contains(., '" + caseNumber + "')]]"));
    }

    private static WebElement leadRow() {
        return officer.find(By.xpath("//table[@id='leads']//tr[td[normalize-space()='" + reference + "']]"));
    }

    private static int inboxCount() {
        return Integer.parseInt(officer.find(By.id("inbox-count")).getText().trim());
    }
}
