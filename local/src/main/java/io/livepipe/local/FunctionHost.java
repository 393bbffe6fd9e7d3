package io.livepipe.local;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.livepipe.encoder.http.HostRequest;
import io.livepipe.encoder.http.HostResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hosts function classes the way the Azure Functions host does: HTTP triggers on
 * {@code /api/{route}} with their methods and authorization levels, Event Grid triggers by
 * function name, timer triggers by name. It reads the same annotations that
 * azure-functions-maven-plugin turns into {@code function.json}, so a function behaves alike
 * here and in Azure.
 */
final class FunctionHost {
    private static final Logger LOG = Logger.getLogger(FunctionHost.class.getName());
    static final String API_PREFIX = "/api/";

    record HttpRoute(String functionName, RouteTemplate template, Set<HttpMethod> methods,
                     AuthorizationLevel authLevel, Object instance, Method method) { }

    record Invocable(String functionName, Object instance, Method method) { }

    private final List<HttpRoute> routes;
    private final Map<String, Invocable> eventGridFunctions;
    private final Map<String, Invocable> timerFunctions;
    private final FunctionKeys keys;

    FunctionHost(List<Object> instances, FunctionKeys keys) {
        this.keys = keys;
        List<HttpRoute> r = new ArrayList<>();
        Map<String, Invocable> eg = new LinkedHashMap<>();
        Map<String, Invocable> timers = new LinkedHashMap<>();
        for (Object instance : instances) {
            for (Method m : instance.getClass().getMethods()) {
                FunctionName fn = m.getAnnotation(FunctionName.class);
                if (fn == null) continue;
                for (Parameter p : m.getParameters()) {
                    HttpTrigger http = p.getAnnotation(HttpTrigger.class);
                    if (http != null) {
                        Set<HttpMethod> methods = http.methods().length == 0
                                ? EnumSet.allOf(HttpMethod.class) : EnumSet.copyOf(Arrays.asList(http.methods()));
                        String route = http.route().isEmpty() ? fn.value() : http.route();
                        r.add(new HttpRoute(fn.value(), RouteTemplate.parse(route), methods, http.authLevel(), instance, m));
                    }
                    if (p.getAnnotation(EventGridTrigger.class) != null) eg.put(fn.value(), new Invocable(fn.value(), instance, m));
                    if (p.getAnnotation(TimerTrigger.class) != null) timers.put(fn.value(), new Invocable(fn.value(), instance, m));
                }
            }
        }
        r.sort(Comparator.comparingInt((HttpRoute h) -> h.template().specificity()).reversed());
        this.routes = List.copyOf(r);
        this.eventGridFunctions = Map.copyOf(eg);
        this.timerFunctions = Map.copyOf(timers);
    }

    List<HttpRoute> routes() { return routes; }

    Set<String> eventGridFunctionNames() { return eventGridFunctions.keySet(); }

    Set<String> timerFunctionNames() { return timerFunctions.keySet(); }

    /** Answers a request under {@code /api/}. */
    HostResponse handleApi(HostRequest request) {
        List<String> segments;
        try {
            segments = decodeSegments(request.rawPath().substring(API_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return HostResponse.problem(400, "malformed path: " + e.getMessage());
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(request.method().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return HostResponse.problem(405, "method not supported");
        }
        boolean pathMatched = false;
        for (HttpRoute route : routes) {
            Optional<Map<String, String>> params = route.template().match(segments);
            if (params.isEmpty()) continue;
            pathMatched = true;
            if (!route.methods().contains(method)) continue;
            if (route.authLevel() != AuthorizationLevel.ANONYMOUS && !keys.permits(request)) {
                return HostResponse.problem(401, "a function key is required (x-functions-key header or code query parameter)");
            }
            return invokeHttp(route, params.get(), request, method);
        }
        return pathMatched ? HostResponse.problem(405, "method not allowed on this route")
                : HostResponse.problem(404, "no function on this route");
    }

    /**
     * Runs an Event Grid–triggered function with one event's JSON; an exception means the
     * delivery failed and should be retried, as Event Grid does.
     */
    void invokeEventGrid(String functionName, String eventJson) throws Exception {
        Invocable f = eventGridFunctions.get(functionName);
        if (f == null) throw new IllegalArgumentException("no Event Grid function " + functionName);
        invoke(f.instance(), f.method(), f.functionName(), p ->
                p.getAnnotation(EventGridTrigger.class) != null ? eventJson : null);
    }

    /** Runs a timer-triggered function once, as the host does on each schedule tick. */
    void invokeTimer(String functionName, String timerInfoJson) throws Exception {
        Invocable f = timerFunctions.get(functionName);
        if (f == null) throw new IllegalArgumentException("no timer function " + functionName);
        invoke(f.instance(), f.method(), f.functionName(), p ->
                p.getAnnotation(TimerTrigger.class) != null ? timerInfoJson : null);
    }

    /** The schedule (NCRONTAB, six fields) of a timer function. */
    String timerSchedule(String functionName) {
        Invocable f = timerFunctions.get(functionName);
        for (Parameter p : f.method().getParameters()) {
            TimerTrigger t = p.getAnnotation(TimerTrigger.class);
            if (t != null) return t.schedule();
        }
        throw new IllegalStateException("no schedule on " + functionName);
    }

    private HostResponse invokeHttp(HttpRoute route, Map<String, String> params, HostRequest request, HttpMethod method) {
        URI uri = URI.create("http://localhost" + request.rawPath()
                + (request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
        Object result;
        try {
            result = invoke(route.instance(), route.method(), route.functionName(), p -> {
                if (HttpRequestMessage.class.isAssignableFrom(p.getType())) {
                    Object body = binaryBody(p.getParameterizedType())
                            ? bodyOrEmpty(request.body())
                            : bodyOrEmpty(request.body()).map(b -> new String(b, StandardCharsets.UTF_8));
                    return new LocalHttpRequest<>(uri, method, request.headers(), request.query(), body);
                }
                BindingName bn = p.getAnnotation(BindingName.class);
                if (bn != null) return params.getOrDefault(bn.value(), request.query().get(bn.value()));
                return null;
            });
        } catch (Exception e) {
            return HostResponse.problem(500, "the function failed; see the host log");
        }
        if (!(result instanceof HttpResponseMessage response)) {
            LOG.warning(() -> "event=function_bad_result function=" + route.functionName());
            return HostResponse.problem(500, "the function returned no HTTP response");
        }
        return toHostResponse(response);
    }

    private static Optional<byte[]> bodyOrEmpty(byte[] body) {
        return body == null || body.length == 0 ? Optional.empty() : Optional.of(body);
    }

    private static boolean binaryBody(Type requestType) {
        if (requestType instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof ParameterizedType opt) {
            return opt.getActualTypeArguments()[0] == byte[].class;
        }
        return false;
    }

    private interface ArgumentSource {
        Object argumentFor(Parameter p);
    }

    private static Object invoke(Object instance, Method method, String functionName, ArgumentSource source) throws Exception {
        ExecutionContext context = LocalExecutionContext.of(functionName);
        Parameter[] ps = method.getParameters();
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            args[i] = ExecutionContext.class.isAssignableFrom(ps[i].getType()) ? context : source.argumentFor(ps[i]);
        }
        try {
            return method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            LOG.log(Level.WARNING, "event=function_failed function=" + functionName
                    + " invocationId=" + context.getInvocationId() + " error=" + cause.getClass().getSimpleName()
                    + " message=\"" + cause.getMessage() + "\"", cause);
            if (cause instanceof Exception ex) throw ex;
            throw new IllegalStateException(cause);
        }
    }

    static HostResponse toHostResponse(HttpResponseMessage response) {
        Map<String, String> headers = new LinkedHashMap<>(((LocalHttpResponse) response).headers());
        Object body = response.getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (body instanceof byte[] b) {
            bytes = b;
            headers.putIfAbsent("Content-Type", "application/octet-stream");
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
            headers.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
        } else {
            bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            headers.putIfAbsent("Content-Type", "application/json; charset=utf-8");
        }
        return new HostResponse(response.getStatusCode(), headers, bytes);
    }

    /** Splits a raw path into percent-decoded segments; refuses encoded slashes and dot segments. */
    static List<String> decodeSegments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath.isEmpty()) return out;
        for (String raw : rawPath.split("/", -1)) {
            if (raw.toLowerCase(Locale.ROOT).contains("%2f") || raw.contains("%5c") || raw.contains("%5C")) {
                throw new IllegalArgumentException("encoded slash in path");
            }
            String s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (s.equals("..") || s.equals(".") || s.indexOf('\0') >= 0) throw new IllegalArgumentException("dot segment in path");
            out.add(s);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }
}
