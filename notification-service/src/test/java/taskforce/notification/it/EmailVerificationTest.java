package taskforce.notification.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * E-mail subscriptions go only to addresses known to be read by someone who wants them (issue 13, item 3): a
 * directory address of one of the agency's members at once, any other once the link e-mailed to it is followed.
 * The link is read from the mail at the real SMTP server of the tests and followed without a token, as a person
 * would.
 */
class EmailVerificationTest extends EmbeddedInfrastructureTestBase {

    static final String OUTSIDER = "drop@evil.example";
    static final Pattern LINK = Pattern.compile("https?://\\S+/api/subscriptions/\\S+/verification\\?token=[\\w-]+");

    @Nested
    class AnAddressOfTheAgencysDirectory {

        @Test
        void isAcceptedAtOnce() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String desk = unique("Desk") + "@HPD.example.gov";
            memberKnown(unique("desk"), "Desk Officer", desk);

            JsonNode subscription = subscribeEmail(taskForceId, desk.toLowerCase());

            assertThat(subscription.get("status").asString()).isEqualTo("ACTIVE");
            assertThat(mailsTo(desk.toLowerCase())).isEmpty();
        }
    }

    @Nested
    class AnyOtherAddress {

        @Test
        void receivesNothingButTheLinkUntilTheLinkIsFollowedAndThenEveryLaterEvent() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String desk = unique("desk") + "@hpd.example.gov";
            memberKnown(unique("desk"), "Desk Officer", desk);
            subscribeEmail(taskForceId, desk);
            int mailsBefore = mailsTo(OUTSIDER).size();

            JsonNode pending = subscribeEmail(taskForceId, OUTSIDER);
            String id = pending.get("id").asString();
            assertThat(pending.get("status").asString()).isEqualTo("PENDING_VERIFICATION");
            MimeMessage verification = await().atMost(PATIENCE)
                    .until(() -> mailsTo(OUTSIDER), mails -> mails.size() == mailsBefore + 1)
                    .get(mailsBefore);
            assertThat(subject(verification)).startsWith("Confirm e-mail notifications");
            URI link = linkIn(verification);
            assertThat(link.getPath()).isEqualTo("/api/subscriptions/" + id + "/verification");
            assertThat(mongo.findById(id, Document.class, "email_verifications").toJson())
                    .as("the token is stored hashed only")
                    .doesNotContain(link.getQuery().substring("token=".length()));

            String caseId = unique("case");
            String beforeNumber = caseNumber();
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5), beforeNumber));
            await().atMost(PATIENCE).until(() -> mailsAbout(desk, beforeNumber) == 1);
            assertThat(mailsTo(OUTSIDER)).hasSize(mailsBefore + 1);
            assertThat(as(HOUSTON_ADMIN).getJson("/api/deliveries?subscriptionId=" + id))
                    .isEmpty();

            assertProblem(follow(link.getPath() + "?token=not-the-token"), 404, "token");
            HttpResponse<String> followed = follow(link.getPath() + "?" + link.getQuery());
            assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
            assertThat(json(followed.body()).get("status").asString()).isEqualTo("ACTIVE");
            assertProblem(follow(link.getPath() + "?" + link.getQuery()), 404, "token");

            String afterNumber = caseNumber();
            produce(statusChanged(caseId, taskForceId, Instant.now().plusMillis(5), afterNumber));
            await().atMost(PATIENCE).until(() -> mailsAbout(OUTSIDER, afterNumber) == 1);
            assertThat(mailsAbout(OUTSIDER, beforeNumber)).isZero();
        }

        @Test
        void isRefusedWithoutATokenNamingTheField() throws Exception {
            String taskForceId = unique("tf");
            agreementInForce(HOUSTON, taskForceId);
            String id = subscribeEmail(taskForceId, unique("drop") + "@evil.example")
                    .get("id")
                    .asString();

            assertProblem(follow("/api/subscriptions/" + id + "/verification"), 400, "token");
            assertThat(as(HOUSTON_ADMIN)
                            .getJson("/api/subscriptions/" + id)
                            .get("status")
                            .asString())
                    .isEqualTo("PENDING_VERIFICATION");
        }
    }

    private JsonNode subscribeEmail(String taskForceId, String address) throws Exception {
        HttpResponse<String> created =
                as(HOUSTON_ADMIN).post("/api/subscriptions", """
                {"scope": {"taskForceId": "%s"}, "channel": {"type": "EMAIL", "address": "%s"}}
                """.formatted(taskForceId, address));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body());
    }

    /** As a mail reader follows a link: no token of this service. */
    private HttpResponse<String> follow(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private long mailsAbout(String address, String caseNumber) {
        return mailsTo(address).stream()
                .filter(mail -> DisseminationTest.raw(mail).contains(caseNumber))
                .count();
    }

    private static URI linkIn(MimeMessage mail) throws Exception {
        Matcher matcher = LINK.matcher(mail.getContent().toString());
        assertThat(matcher.find()).as("a verification link in the mail").isTrue();
        return URI.create(matcher.group());
    }

    private void assertProblem(HttpResponse<String> response, int status, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response.body()).get("field").asString()).isEqualTo(field);
    }
}
