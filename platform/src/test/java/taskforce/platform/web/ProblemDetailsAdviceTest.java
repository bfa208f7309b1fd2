package taskforce.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class ProblemDetailsAdviceTest {

    record Lead(Instant occurredAt, Priority priority) {}

    enum Priority {
        ROUTINE,
        URGENT
    }

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

    @SuppressWarnings("unchecked")
    private Map<String, Object> problemFor(String json) {
        HttpInputMessage input = new MockHttpInputMessage(json.getBytes());
        JacksonException parse;
        try {
            JsonMapper.builder().build().readValue(json, Lead.class);
            throw new AssertionError("expected " + json + " to fail");
        } catch (JacksonException e) {
            parse = e;
        }
        ResponseEntity<Object> answer = advice.handleHttpMessageNotReadable(
                new HttpMessageNotReadableException("unreadable", parse, input),
                null,
                org.springframework.http.HttpStatus.BAD_REQUEST,
                new ServletWebRequest(new MockHttpServletRequest()));
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        return ((ProblemDetail) answer.getBody()).getProperties();
    }

    @Test
    void namesTheFieldOfAValueThatDoesNotConvert() {
        Map<String, Object> problem = problemFor("{\"occurredAt\": \"yesterday\"}");
        assertThat(problem).containsEntry("field", "occurredAt");
    }

    @Test
    void listsTheAllowedValuesOfAnEnumeration() {
        Map<String, Object> problem = problemFor("{\"priority\": \"SOON\"}");
        assertThat(problem).containsEntry("field", "priority");
        assertThat((List<Map<String, String>>) problem.get("errors"))
                .singleElement()
                .satisfies(error -> assertThat(error.get("message")).isEqualTo("must be one of ROUTINE, URGENT"));
    }
}
