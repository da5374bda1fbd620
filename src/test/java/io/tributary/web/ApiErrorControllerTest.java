package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.errors.StorageException;

import jakarta.servlet.RequestDispatcher;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;

/** Errors raised outside Spring MVC (by the container or a filter) still get the api.md body. */
class ApiErrorControllerTest {

    private final ApiErrorController controller = new ApiErrorController();

    @ParameterizedTest
    @CsvSource({"400,400,400", "404,404,404", "405,405,405", "413,413,413", "415,415,415", "429,429,42901",
            "500,500,50002", "408,408,408", "503,503,503"})
    void containerErrorsKeepTheirStatus(int status, int expectedStatus, int expectedCode) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "details from the container");
        var response = controller.error(request);
        assertThat(response.getStatusCode().value()).isEqualTo(expectedStatus);
        assertThat(response.getBody().errorCode()).isEqualTo(expectedCode);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaTypes.V2);
        if (status >= 500) {
            assertThat(response.getBody().message()).doesNotContain("details");
        }
    }

    /** The error dispatch reports on a v3 request: its answer is application/json, as every v3 error. */
    @Test
    void anErrorOfAV3RequestIsApplicationJson() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 413);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v3/clusters/c/topics/t/records");
        assertThat(controller.error(request).getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/topics/t");
        assertThat(controller.error(request).getHeaders().getContentType()).isEqualTo(MediaTypes.V2);
    }

    @Test
    void anExceptionFromAFilterIsMappedLikeInMvc() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new ApiException(ErrorCode.REQUEST_TOO_LARGE, "too big"));
        assertThat(controller.error(request).getBody()).isEqualTo(new ErrorBody(413, "too big"));
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new StorageException("disk", new IOException()));
        assertThat(controller.error(request).getBody().errorCode()).isEqualTo(50003);
    }

    @Test
    void aDirectRequestToErrorIsNotFound() {
        var response = controller.error(new MockHttpServletRequest("GET", "/error"));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().errorCode()).isEqualTo(404);
    }
}
