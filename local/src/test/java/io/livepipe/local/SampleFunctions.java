package io.livepipe.local;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Function methods of every binding shape the host supports, recording what they received. */
public final class SampleFunctions {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile int failuresToInject;

    @FunctionName("Open")
    public HttpResponseMessage open(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "open",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return req.createResponseBuilder(HttpStatus.OK).body("open " + ctx.getFunctionName()).build();
    }

    @FunctionName("Item")
    public HttpResponseMessage item(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.PUT}, route = "things/{name}/items/{item?}",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            @BindingName("name") String name, @BindingName("item") String item, ExecutionContext ctx) {
        return req.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "text/plain")
                .body(req.getHttpMethod() + " " + name + "/" + item + " body=" + req.getBody().orElse("-")).build();
    }

    @FunctionName("Literal")
    public HttpResponseMessage literal(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "things/special/items",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatus.OK).body("literal").build();
    }

    @FunctionName("Binary")
    public HttpResponseMessage binary(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "binary", dataType = "binary",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<byte[]>> req) {
        return req.createResponseBuilder(HttpStatus.OK).body(req.getBody().orElse(new byte[0]).length).build();
    }

    @FunctionName("Broken")
    public HttpResponseMessage broken(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "broken",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        throw new IllegalStateException("secret internal detail");
    }

    @FunctionName("Recorder")
    public void record(@EventGridTrigger(name = "event") String event, ExecutionContext ctx) {
        if (failuresToInject > 0) {
            failuresToInject--;
            throw new IllegalStateException("injected failure");
        }
        events.add(event);
    }
}
