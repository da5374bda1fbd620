package io.tributary.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Collection;

/**
 * Refuses a query parameter given several times where an endpoint takes one value ({@code ?offset=1&offset=9}):
 * frameworks disagree on which one counts (first, last, joined), so such a request is ambiguous, 400.
 */
public class SingleValuedParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && request.getQueryString() != null) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                if (param == null || Collection.class.isAssignableFrom(parameter.getParameterType())
                        || parameter.getParameterType().isArray()) {
                    continue;
                }
                String name = param.name().isEmpty() ? parameter.getParameterName() : param.name();
                String[] values = name == null ? null : request.getParameterValues(name);
                if (values != null && values.length > 1) {
                    throw new ApiException(ErrorCode.BAD_REQUEST, "Query parameter '" + name + "' is given "
                            + values.length + " times; it takes one value.");
                }
            }
        }
        return true;
    }
}
