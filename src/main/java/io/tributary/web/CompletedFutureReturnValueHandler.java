package io.tributary.web;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * A handler that returns a {@link CompletableFuture} (a long poll) usually has its answer at once: then the value is
 * written right away, as if the method had returned it, instead of going through an async start and a second
 * dispatch, which costs more than the read itself. Futures still pending take Spring's async path unchanged.
 */
@Component
public class CompletedFutureReturnValueHandler implements HandlerMethodReturnValueHandler, SmartInitializingSingleton {

    private final RequestMappingHandlerAdapter adapter;
    private final HandlerMethodReturnValueHandlerComposite others = new HandlerMethodReturnValueHandlerComposite();

    public CompletedFutureReturnValueHandler(RequestMappingHandlerAdapter adapter) {
        this.adapter = adapter;
    }

    /** Goes first, once Spring MVC has set up its own return value handlers. */
    @Override
    public void afterSingletonsInstantiated() {
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
        others.addHandlers(handlers);
        handlers.add(0, this);
        adapter.setReturnValueHandlers(handlers);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(Object value, MethodParameter returnType, ModelAndViewContainer mav, NativeWebRequest request)
            throws Exception {
        if (value instanceof CompletableFuture<?> future && future.isDone() && !future.isCompletedExceptionally()) {
            Object result = future.join();
            others.handleReturnValue(result, new ResultParameter(returnType, result), mav, request);
        } else {
            others.handleReturnValue(value, returnType, mav, request);
        }
    }

    /** The method's return type seen through the future: {@code CompletableFuture<T>} is handled as {@code T}. */
    private static final class ResultParameter extends MethodParameter {
        private final Class<?> type;
        private final Type genericType;

        ResultParameter(MethodParameter original, Object result) {
            super(original);
            ResolvableType resultType = ResolvableType.forMethodParameter(original).getGeneric();
            this.type = result != null ? result.getClass() : resultType.toClass();
            this.genericType = resultType.getType();
        }

        private ResultParameter(ResultParameter original) {
            super(original);
            this.type = original.type;
            this.genericType = original.genericType;
        }

        @Override
        public Class<?> getParameterType() {
            return type;
        }

        @Override
        public Type getGenericParameterType() {
            return genericType;
        }

        @Override
        public ResultParameter clone() {
            return new ResultParameter(this);
        }
    }
}
