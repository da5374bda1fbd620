package io.tributary.web;

import io.swagger.v3.oas.annotations.Hidden;
import io.tributary.common.errors.TributaryException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel {@code /error}: errors that happen outside Spring MVC (the servlet container,
 * filters) are answered with the api.md body too.
 */
@Hidden
@RestController
public class ApiErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable t && (t instanceof ApiException || t instanceof TributaryException)) {
            return ApiExceptionHandler.respond(request, ErrorTranslator.toBody(t));
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return ApiExceptionHandler.respond(request, ErrorCode.NOT_FOUND, "No endpoint " + request.getMethod() + " /error");
        }
        HttpStatus httpStatus = HttpStatus.resolve(status);
        String message = status >= 500 || !(request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String m) || m.isBlank()
                ? (httpStatus == null ? "Error " + status : httpStatus.getReasonPhrase()) + "."
                : m;
        return ApiExceptionHandler.respond(request, status, message);
    }
}
