package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

class CompletedFutureReturnValueHandlerTest {

    private final List<Object[]> handled = new ArrayList<>();

    /** Stands in for Spring's own handlers: records what it was given. */
    private final HandlerMethodReturnValueHandler spring = new HandlerMethodReturnValueHandler() {
        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return true;
        }

        @Override
        public void handleReturnValue(Object value, MethodParameter type, ModelAndViewContainer mav, NativeWebRequest request) {
            handled.add(new Object[] {value, type});
        }
    };

    @SuppressWarnings("unused")
    CompletableFuture<ResponseEntity<String>> endpoint() {
        return null;
    }

    @Test
    void installsItselfFirstAndHandsACompletedResultOnAsTheValueItself() throws Exception {
        RequestMappingHandlerAdapter adapter = mock(RequestMappingHandlerAdapter.class);
        when(adapter.getReturnValueHandlers()).thenReturn(List.of(spring));
        CompletedFutureReturnValueHandler handler = new CompletedFutureReturnValueHandler(adapter);
        handler.afterSingletonsInstantiated();
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<HandlerMethodReturnValueHandler>> installed = ArgumentCaptor.forClass(List.class);
        verify(adapter).setReturnValueHandlers(installed.capture());
        assertThat(installed.getValue()).containsExactly(handler, spring);

        Method method = getClass().getDeclaredMethod("endpoint");
        MethodParameter returnType = new MethodParameter(method, -1);
        assertThat(handler.supportsReturnType(returnType)).isTrue();

        ResponseEntity<String> entity = ResponseEntity.ok("records");
        handler.handleReturnValue(CompletableFuture.completedFuture(entity), returnType, new ModelAndViewContainer(), null);
        MethodParameter seen = (MethodParameter) handled.get(0)[1];
        assertThat(handled.get(0)[0]).isSameAs(entity);
        assertThat(seen.getParameterType()).isEqualTo(ResponseEntity.class);
        assertThat(ResolvableType.forMethodParameter(seen).getGeneric().resolve()).isEqualTo(String.class);

        CompletableFuture<ResponseEntity<String>> pending = new CompletableFuture<>();
        handler.handleReturnValue(pending, returnType, new ModelAndViewContainer(), null);
        assertThat(handled.get(1)[0]).as("a pending future goes the async way").isSameAs(pending);

        CompletableFuture<ResponseEntity<String>> failed = CompletableFuture.failedFuture(new IllegalStateException());
        handler.handleReturnValue(failed, returnType, new ModelAndViewContainer(), null);
        assertThat(handled.get(2)[0]).isSameAs(failed);
    }
}
