package io.livepipe.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Functions-host route template such as {@code channels/{name}/programs/{program?}} or
 * {@code stream/{*path}}: literal segments, parameters, an optional last parameter and a
 * catch-all. Constraints ({@code {id:int}}) are accepted and not enforced.
 */
final class RouteTemplate {
    private enum Kind { LITERAL, PARAM, OPTIONAL, CATCH_ALL }

    private record Part(Kind kind, String text) { }

    private final String template;
    private final List<Part> parts;

    private RouteTemplate(String template, List<Part> parts) {
        this.template = template;
        this.parts = parts;
    }

    static RouteTemplate parse(String template) {
        String t = template.startsWith("/") ? template.substring(1) : template;
        List<Part> parts = new ArrayList<>();
        String[] segments = t.isEmpty() ? new String[0] : t.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                int colon = name.indexOf(':');
                if (colon >= 0) name = name.substring(0, colon);
                Kind kind = Kind.PARAM;
                if (name.startsWith("*")) {
                    kind = Kind.CATCH_ALL;
                    name = name.substring(1);
                } else if (name.endsWith("?")) {
                    kind = Kind.OPTIONAL;
                    name = name.substring(0, name.length() - 1);
                }
                if ((kind != Kind.PARAM) && i != segments.length - 1) {
                    throw new IllegalArgumentException("only the last segment may be optional or catch-all: " + template);
                }
                parts.add(new Part(kind, name));
            } else {
                parts.add(new Part(Kind.LITERAL, s));
            }
        }
        return new RouteTemplate(template, List.copyOf(parts));
    }

    /** The route parameters if {@code segments} (already percent-decoded) match, else empty. */
    Optional<Map<String, String>> match(List<String> segments) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        for (Part p : parts) {
            switch (p.kind) {
                case LITERAL -> {
                    if (i >= segments.size() || !segments.get(i).equalsIgnoreCase(p.text)) return Optional.empty();
                    i++;
                }
                case PARAM -> {
                    if (i >= segments.size() || segments.get(i).isEmpty()) return Optional.empty();
                    params.put(p.text, segments.get(i++));
                }
                case OPTIONAL -> {
                    if (i < segments.size()) params.put(p.text, segments.get(i++));
                }
                case CATCH_ALL -> {
                    if (i < segments.size()) {
                        params.put(p.text, String.join("/", segments.subList(i, segments.size())));
                        i = segments.size();
                    }
                }
            }
        }
        return i == segments.size() ? Optional.of(params) : Optional.empty();
    }

    /** Higher is more specific: literal segments count more than parameters, catch-alls least. */
    int specificity() {
        int score = 0;
        for (Part p : parts) {
            score += switch (p.kind) {
                case LITERAL -> 100;
                case PARAM -> 10;
                case OPTIONAL -> 5;
                case CATCH_ALL -> 1;
            };
        }
        return score;
    }

    @Override
    public String toString() { return template; }
}
