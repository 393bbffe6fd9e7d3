package io.livepipe.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;

/**
 * A request as a function method receives it. Header names are lower-case, as the Functions
 * host hands them to Java workers; query parameters keep the first value of each name.
 */
record LocalHttpRequest<T>(URI getUri, HttpMethod getHttpMethod, Map<String, String> getHeaders,
                           Map<String, String> getQueryParameters, T getBody)
        implements HttpRequestMessage<T> {

    @Override
    public LocalHttpResponse.Builder createResponseBuilder(HttpStatus status) {
        return new LocalHttpResponse.Builder(status);
    }

    @Override
    public LocalHttpResponse.Builder createResponseBuilder(HttpStatusType status) {
        return new LocalHttpResponse.Builder(status);
    }
}
