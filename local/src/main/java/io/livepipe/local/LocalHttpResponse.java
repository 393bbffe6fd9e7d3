package io.livepipe.local;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A function's HTTP answer as the local host receives it. Header names are case-insensitive. */
final class LocalHttpResponse implements HttpResponseMessage {
    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    private LocalHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
        this.status = status;
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.body = body;
    }

    @Override public HttpStatusType getStatus() { return status; }

    @Override public String getHeader(String key) { return headers.get(key); }

    @Override public Object getBody() { return body; }

    Map<String, String> headers() { return headers; }

    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        Builder(HttpStatusType status) { this.status = status; }

        @Override public Builder status(HttpStatusType s) { this.status = s; return this; }

        @Override public Builder header(String key, String value) { headers.put(key, value); return this; }

        @Override public Builder body(Object b) { this.body = b; return this; }

        @Override public LocalHttpResponse build() { return new LocalHttpResponse(status, headers, body); }
    }
}
