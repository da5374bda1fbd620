package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;

/** The one decision of the media type an error is answered in. */
class MediaTypesTest {

    @ParameterizedTest(name = "{0} {1} with Accept [{2}]: {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "|/v3/clusters/c/topics/t|none|application/json",
            "|/v3/clusters|application/vnd.kafka.v2+json|application/json",
            "|/v3|none|application/json",
            "|/topics/t|none|application/vnd.kafka.v2+json",
            "|/topics/t|application/json|application/json",
            "|/topics/t|application/json;q=0.5, application/json;charset=UTF-8|application/json",
            "|/topics/t|application/json, application/vnd.kafka.v2+json|application/vnd.kafka.v2+json",
            "|/topics/t|*/*|application/vnd.kafka.v2+json",
            "|/topics/t|application/*|application/vnd.kafka.v2+json",
            "|/topics/t|application/json;q=0|application/vnd.kafka.v2+json",
            "|/topics/t|not a media type|application/vnd.kafka.v2+json",
            "|/v3x/clusters|none|application/vnd.kafka.v2+json",
            "/tributary|/tributary/v3/clusters|none|application/json",
            "/tributary|/tributary/topics|none|application/vnd.kafka.v2+json"})
    void v3AndClientsAcceptingOnlyJsonGetApplicationJsonTheOthersTheV2Type(String context, String uri, String accept,
                                                                             String expected) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setContextPath(context == null ? "" : context);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        assertThat(MediaTypes.ofError(request)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({"/v3/clusters/c/brokers/9,application/json", "/consumers/g,application/vnd.kafka.v2+json"})
    void anErrorDispatchIsJudgedByTheRequestItReportsOn(String reported, String expected) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, reported);
        assertThat(MediaTypes.ofError(request)).isEqualTo(MediaType.parseMediaType(expected));
    }
}
