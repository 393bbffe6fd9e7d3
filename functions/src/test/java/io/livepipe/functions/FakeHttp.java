package io.livepipe.functions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Requests as the Azure Functions samples test them: a Mockito-mocked HttpRequestMessage whose
 * response builder is a plain value, and a mocked ExecutionContext.
 */
final class FakeHttp {
    private FakeHttp() { }

    @SuppressWarnings("unchecked")
    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String body, Map<String, String> headers) {
        HttpRequestMessage<Optional<String>> req = mock(HttpRequestMessage.class);
        when(req.getBody()).thenReturn(Optional.ofNullable(body));
        when(req.getHttpMethod()).thenReturn(method);
        when(req.getHeaders()).thenReturn(headers);
        when(req.getQueryParameters()).thenReturn(Map.of());
        when(req.getUri()).thenReturn(URI.create("http://localhost:7071/api/"));
        doAnswer(inv -> new Response.Builder(inv.getArgument(0))).when(req).createResponseBuilder(any(HttpStatus.class));
        doAnswer(inv -> new Response.Builder(inv.getArgument(0))).when(req).createResponseBuilder(any(HttpStatusType.class));
        return req;
    }

    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String body) { return request(method, body, Map.of()); }

    /** A request with a binary body ({@code dataType = "binary"} triggers) and query parameters. */
    @SuppressWarnings("unchecked")
    static HttpRequestMessage<Optional<byte[]>> binary(HttpMethod method, byte[] body, Map<String, String> headers, Map<String, String> query) {
        HttpRequestMessage<Optional<byte[]>> req = mock(HttpRequestMessage.class);
        when(req.getBody()).thenReturn(Optional.ofNullable(body));
        when(req.getHttpMethod()).thenReturn(method);
        when(req.getHeaders()).thenReturn(headers);
        when(req.getQueryParameters()).thenReturn(query);
        when(req.getUri()).thenReturn(URI.create("http://localhost:7071/api/"));
        doAnswer(inv -> new Response.Builder(inv.getArgument(0))).when(req).createResponseBuilder(any(HttpStatus.class));
        doAnswer(inv -> new Response.Builder(inv.getArgument(0))).when(req).createResponseBuilder(any(HttpStatusType.class));
        return req;
    }

    /** A text request with query parameters. */
    static HttpRequestMessage<Optional<String>> request(HttpMethod method, String body, Map<String, String> headers, Map<String, String> query) {
        HttpRequestMessage<Optional<String>> req = request(method, body, headers);
        when(req.getQueryParameters()).thenReturn(query);
        return req;
    }

    static ExecutionContext context() {
        ExecutionContext c = mock(ExecutionContext.class);
        when(c.getLogger()).thenReturn(Logger.getLogger("test"));
        when(c.getFunctionName()).thenReturn("test");
        return c;
    }

    record Response(HttpStatusType getStatus, Map<String, String> headers, Object getBody) implements HttpResponseMessage {
        @Override
        public String getHeader(String key) { return headers.get(key); }

        String body() { return (String) getBody; }

        static final class Builder implements HttpResponseMessage.Builder {
            private HttpStatusType status;
            private final Map<String, String> headers = new HashMap<>();
            private Object body;

            Builder(HttpStatusType status) { this.status = status; }

            @Override
            public HttpResponseMessage.Builder status(HttpStatusType status) {
                this.status = status;
                return this;
            }

            @Override
            public HttpResponseMessage.Builder header(String key, String value) {
                headers.put(key, value);
                return this;
            }

            @Override
            public HttpResponseMessage.Builder body(Object body) {
                this.body = body;
                return this;
            }

            @Override
            public HttpResponseMessage build() { return new Response(status, Map.copyOf(headers), body); }
        }
    }
}
