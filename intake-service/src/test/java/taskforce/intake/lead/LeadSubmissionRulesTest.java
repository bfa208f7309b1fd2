package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.SubjectRole;
import taskforce.platform.refusal.InvalidField;
import tools.jackson.databind.json.JsonMapper;

class LeadSubmissionRulesTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static LeadSubmissionRequest valid() {
        return new LeadSubmissionRequest(
                "houston-pd",
                "m-1",
                "best-hou",
                "HPD-1",
                Priority.URGENT,
                "Stash house on Elm St",
                "narrative",
                Instant.parse("2026-11-20T18:30:00Z"),
                new LeadSubmissionRequest.LocationInput("1 Elm St", "Houston", "TX", 29.76, -95.36),
                List.of(new LeadSubmissionRequest.SubjectInput("Juan Perez", null, SubjectRole.SUSPECT)),
                List.of(new LeadSubmissionRequest.IdentifierInput(IdentifierType.PHONE, "(713) 555-0100")));
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The valid request with some fields changed, going through its JSON form as a submission does. */
    @SuppressWarnings("unchecked")
    private static LeadSubmissionRequest with(Consumer<Map<String, Object>> change) {
        Map<String, Object> fields = MAPPER.convertValue(valid(), Map.class);
        change.accept(fields);
        return MAPPER.convertValue(fields, LeadSubmissionRequest.class);
    }

    private static List<String> invalidFields(LeadSubmissionRequest request) {
        return validator.validate(request).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .toList();
    }

    static Stream<Arguments> invalidRequests() {
        List<LeadSubmissionRequest.SubjectInput> tooManySubjects =
                Collections.nCopies(51, new LeadSubmissionRequest.SubjectInput("x", null, SubjectRole.WITNESS));
        List<LeadSubmissionRequest.IdentifierInput> tooManyIdentifiers =
                Collections.nCopies(51, new LeadSubmissionRequest.IdentifierInput(IdentifierType.EMAIL, "a@b.c"));
        List<LeadSubmissionRequest.SubjectInput> withNull = new ArrayList<>();
        withNull.add(null);
        return Stream.of(
                Arguments.of("agencyId with a bar", with(b -> b.put("agencyId", "a|b")), "agencyId"),
                Arguments.of("submittedBy too long", with(b -> b.put("submittedBy", "s".repeat(101))), "submittedBy"),
                Arguments.of("taskForceId missing", with(b -> b.remove("taskForceId")), "taskForceId"),
                Arguments.of("agencyReference missing", with(b -> b.remove("agencyReference")), "agencyReference"),
                Arguments.of(
                        "agencyReference too long",
                        with(b -> b.put("agencyReference", "R".repeat(65))),
                        "agencyReference"),
                Arguments.of("priority missing", with(b -> b.remove("priority")), "priority"),
                Arguments.of("summary missing", with(b -> b.remove("summary")), "summary"),
                Arguments.of("summary too long", with(b -> b.put("summary", "s".repeat(201))), "summary"),
                Arguments.of("narrative too long", with(b -> b.put("narrative", "n".repeat(20_001))), "narrative"),
                Arguments.of("occurredAt missing", with(b -> b.remove("occurredAt")), "occurredAt"),
                Arguments.of(
                        "latitude beyond 90",
                        with(b -> b.put(
                                "location", new LeadSubmissionRequest.LocationInput(null, null, null, 90.5, 0.0))),
                        "location.latitude"),
                Arguments.of(
                        "longitude beyond -180",
                        with(b -> b.put(
                                "location", new LeadSubmissionRequest.LocationInput(null, null, null, 0.0, -180.01))),
                        "location.longitude"),
                Arguments.of("51 subjects", with(b -> b.put("subjects", tooManySubjects)), "subjects"),
                Arguments.of("a null subject", with(b -> b.put("subjects", withNull)), "subjects[0].<list element>"),
                Arguments.of(
                        "subject name too long",
                        with(b -> b.put(
                                "subjects",
                                List.of(new LeadSubmissionRequest.SubjectInput(
                                        "n".repeat(201), null, SubjectRole.VICTIM)))),
                        "subjects[0].name"),
                Arguments.of(
                        "alias blank",
                        with(b -> b.put(
                                "subjects",
                                List.of(new LeadSubmissionRequest.SubjectInput(
                                        "Juan Perez", null, SubjectRole.SUSPECT, List.of("El Flaco", " "))))),
                        "subjects[0].aliases[1].<list element>"),
                Arguments.of(
                        "alias with a zero-width space",
                        with(b -> b.put(
                                "subjects",
                                List.of(new LeadSubmissionRequest.SubjectInput(
                                        "Juan Perez", null, SubjectRole.SUSPECT, List.of("El\u200bFlaco"))))),
                        "subjects[0].aliases[0].<list element>"),
                Arguments.of(
                        "alias too long",
                        with(b -> b.put(
                                "subjects",
                                List.of(new LeadSubmissionRequest.SubjectInput(
                                        "Juan Perez", null, SubjectRole.SUSPECT, List.of("a".repeat(201)))))),
                        "subjects[0].aliases[0].<list element>"),
                Arguments.of(
                        "21 aliases",
                        with(b -> b.put(
                                "subjects",
                                List.of(new LeadSubmissionRequest.SubjectInput(
                                        "Juan Perez", null, SubjectRole.SUSPECT, Collections.nCopies(21, "JP"))))),
                        "subjects[0].aliases"),
                Arguments.of("51 identifiers", with(b -> b.put("identifiers", tooManyIdentifiers)), "identifiers"),
                Arguments.of(
                        "identifier value blank",
                        with(b -> b.put(
                                "identifiers",
                                List.of(new LeadSubmissionRequest.IdentifierInput(IdentifierType.VIN, "  ")))),
                        "identifiers[0].value"),
                Arguments.of(
                        "identifier value too long",
                        with(b -> b.put(
                                "identifiers",
                                List.of(new LeadSubmissionRequest.IdentifierInput(
                                        IdentifierType.VIN, "v".repeat(201))))),
                        "identifiers[0].value"));
    }

    @Nested
    class Fields {

        @Test
        void acceptsACompleteLead() {
            assertThat(invalidFields(valid())).isEmpty();
        }

        @Test
        void acceptsALeadWithOnlyTheRequiredFields() {
            assertThat(invalidFields(with(b -> {
                        b.remove("narrative");
                        b.remove("location");
                        b.remove("subjects");
                        b.remove("identifiers");
                    })))
                    .isEmpty();
        }

        @Test
        void leavesTheIdentityToTheTokenSoAgencyAndSubmitterMayBeLeftOut() {
            assertThat(invalidFields(with(b -> {
                        b.remove("agencyId");
                        b.remove("submittedBy");
                    })))
                    .isEmpty();
        }

        @Test
        void acceptsTheLimitsThemselves() {
            assertThat(invalidFields(with(b -> {
                        b.put("summary", "s".repeat(200));
                        b.put("agencyReference", "R".repeat(64));
                        b.put("narrative", "n".repeat(20_000));
                        b.put("location", Map.of("latitude", -90.0, "longitude", 180.0));
                    })))
                    .isEmpty();
        }

        @Test
        void acceptsASubjectWithAliases() {
            assertThat(invalidFields(with(b -> b.put(
                            "subjects",
                            List.of(new LeadSubmissionRequest.SubjectInput(
                                    "Juan Perez", null, SubjectRole.SUSPECT, List.of("Juanito Pérez", "El Flaco")))))))
                    .isEmpty();
        }

        @Test
        void refusesPersonAsAnIdentifierTypeNamingTheField() {
            LeadSubmissionRequest request = with(b -> b.put(
                    "identifiers",
                    List.of(
                            new LeadSubmissionRequest.IdentifierInput(IdentifierType.PHONE, "713 555 0100"),
                            new LeadSubmissionRequest.IdentifierInput(IdentifierType.PERSON, "Juan Perez"))));
            assertThatThrownBy(() -> LeadIntake.refusePersonAsIdentifier(request))
                    .isInstanceOfSatisfying(
                            InvalidField.class,
                            problem -> assertThat(problem.field()).isEqualTo("identifiers[1].type"));
        }

        @ParameterizedTest(name = "{0} -> {2}")
        @MethodSource("taskforce.intake.lead.LeadSubmissionRulesTest#invalidRequests")
        void namesTheFieldThatIsWrong(String why, LeadSubmissionRequest request, String field) {
            assertThat(invalidFields(request)).containsExactly(field);
        }
    }

    @Nested
    class OccurredAt {

        private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Test
        void acceptsThePastAndAFewMinutesOfClockSkew() {
            assertThat(OccurrenceTime.problem(now.minus(Duration.ofDays(400)), now))
                    .isEmpty();
            assertThat(OccurrenceTime.problem(now.plus(Duration.ofMinutes(5)), now))
                    .isEmpty();
        }

        @Test
        void refusesTheFutureBeyondTheSkew() {
            assertThat(OccurrenceTime.problem(now.plus(Duration.ofMinutes(5)).plusSeconds(1), now))
                    .get()
                    .asString()
                    .contains("future");
        }
    }
}
