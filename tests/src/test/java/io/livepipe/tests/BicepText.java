package io.livepipe.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small scanner of Bicep and {@code .bicepparam} text, enough for the structure checks that
 * a Bicep compiler would make and none is installed here to make: the top-level declarations
 * (param, var, module, output, using), their decorators, and the keys of object literals.
 *
 * <p>It lexes what matters for structure — {@code //} and {@code /* *}{@code /} comments,
 * {@code '...'} strings with escapes and {@code ${...}} interpolations (which may hold strings
 * of their own), and {@code '''...'''} multi-line strings — and keeps two views of the same
 * length: {@link #code} with comments blanked out, and a mask in which string contents are
 * blanked too, so that braces, colons and keywords are only ever found in code. It does not
 * type-check or resolve expressions; an unbalanced file is an {@link IllegalArgumentException}.
 */
final class BicepText {
    private static final Set<String> KEYWORDS = Set.of("param", "var", "module", "output", "resource", "targetScope",
            "using", "type", "func", "import", "metadata", "extension", "provider");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A top-level declaration: its keyword, the decorators before it, and its text (code and mask, same offsets). */
    record Statement(String keyword, List<String> decorators, String code, String mask) { }

    record Param(String name, String type, boolean hasDefault, List<String> decorators) {
        boolean secure() { return decorators.stream().anyMatch(d -> d.startsWith("@secure(")); }
    }

    record Module(String symbol, String path, Map<String, String> params) { }

    record Output(String name, String type, String expression, List<String> decorators) { }

    final String code;
    private final String mask;
    private final List<Statement> statements;

    private BicepText(String source) {
        char[] c = source.toCharArray();
        char[] m = source.toCharArray();
        new Lexer(source, c, m).run();
        this.code = new String(c);
        this.mask = new String(m);
        this.statements = split();
    }

    static BicepText parse(String source) { return new BicepText(source); }

    static BicepText read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    List<Statement> statements() { return statements; }

    List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.keyword.equals("param")) continue;
            Matcher m = Pattern.compile("param\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*").matcher(s.mask);
            if (!m.lookingAt()) throw new IllegalArgumentException("malformed param: " + s.code.strip());
            int eq = topLevelAssignment(s.mask, m.end());
            String type = s.code.substring(m.end(), eq < 0 ? s.code.length() : eq).strip();
            out.add(new Param(m.group(1), type, eq >= 0, s.decorators));
        }
        return out;
    }

    /** {@code param name = value} of a {@code .bicepparam} file: name to the value's text. */
    Map<String, String> paramAssignments() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Statement s : statements) {
            if (!s.keyword.equals("param")) continue;
            Matcher m = Pattern.compile("param\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=").matcher(s.mask);
            if (!m.lookingAt()) throw new IllegalArgumentException("not an assignment: " + s.code.strip());
            if (out.put(m.group(1), s.code.substring(m.end()).strip()) != null) {
                throw new IllegalArgumentException("param " + m.group(1) + " is set twice");
            }
        }
        return out;
    }

    /** The file a {@code .bicepparam} uses. */
    Optional<String> using() {
        for (Statement s : statements) {
            if (s.keyword.equals("using")) return Optional.of(firstString(s).orElseThrow(() ->
                    new IllegalArgumentException("using without a path")));
        }
        return Optional.empty();
    }

    List<Module> modules() {
        List<Module> out = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.keyword.equals("module")) continue;
            Matcher m = Pattern.compile("module\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+'").matcher(s.mask);
            if (!m.lookingAt()) throw new IllegalArgumentException("malformed module: " + s.code.strip());
            String path = firstString(s).orElseThrow();
            int body = s.mask.indexOf('{', s.mask.indexOf('=', m.end()));
            if (body < 0) throw new IllegalArgumentException("module " + m.group(1) + " has no body");
            Map<String, String> top = keys(s.code, s.mask, body);
            Map<String, String> params = Map.of();
            if (top.containsKey("params")) {
                String v = top.get("params");
                int at = s.code.indexOf(v, body);
                params = keys(s.code, s.mask, at + v.indexOf('{'));
            }
            out.add(new Module(m.group(1), path, params));
        }
        return out;
    }

    List<Output> outputs() {
        List<Output> out = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.keyword.equals("output")) continue;
            Matcher m = Pattern.compile("output\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+").matcher(s.mask);
            if (!m.lookingAt()) throw new IllegalArgumentException("malformed output: " + s.code.strip());
            int eq = topLevelAssignment(s.mask, m.end());
            if (eq < 0) throw new IllegalArgumentException("output " + m.group(1) + " has no value");
            out.add(new Output(m.group(1), s.code.substring(m.end(), eq).strip(), s.code.substring(eq + 1).strip(), s.decorators));
        }
        return out;
    }

    /** The top-level keys of {@code var name = { ... }}, each to its value's text. */
    Map<String, String> objectVar(String name) {
        for (Statement s : statements) {
            if (!s.keyword.equals("var")) continue;
            Matcher m = Pattern.compile("var\\s+" + Pattern.quote(name) + "\\s*=\\s*\\{").matcher(s.mask);
            if (m.lookingAt()) return keys(s.code, s.mask, m.end() - 1);
        }
        throw new IllegalArgumentException("no object var " + name);
    }

    /** Every string literal of the file, as written between its quotes (interpolations left as text). */
    List<String> strings() {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < mask.length()) {
            if (mask.startsWith("'''", i)) {
                int end = mask.indexOf("'''", i + 3);
                out.add(code.substring(i + 3, end));
                i = end + 3;
            } else if (mask.charAt(i) == '\'') {
                int end = mask.indexOf('\'', i + 1);
                out.add(code.substring(i + 1, end));
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /**
     * The keys of the object literal whose {@code {} is at {@code open} in {@code text}, each to
     * the text of its value, in order. A spread ({@code ...x}) is recorded under the key "...".
     */
    static Map<String, String> keys(String text, String mask, int open) {
        if (mask.charAt(open) != '{') throw new IllegalArgumentException("not an object at " + open);
        int close = matching(mask, open);
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        String key = null;
        int valueStart = -1;
        boolean atEntryStart = true;
        for (int i = open + 1; i < close; i++) {
            char ch = mask.charAt(i);
            if (depth == 0 && atEntryStart && !Character.isWhitespace(ch)) {
                if (key != null) out.put(key, text.substring(valueStart, i).strip().replaceAll(",$", "").strip());
                int keyEnd;
                if (ch == '\'') {
                    keyEnd = mask.indexOf('\'', i + 1) + 1;
                    key = text.substring(i + 1, keyEnd - 1);
                } else if (mask.startsWith("...", i)) {
                    keyEnd = i + 3;
                    key = "...";
                } else {
                    Matcher m = IDENT.matcher(mask).region(i, close);
                    if (!m.lookingAt()) throw new IllegalArgumentException("expected a key at: " + snippet(text, i));
                    keyEnd = m.end();
                    key = m.group();
                }
                int colon = keyEnd;
                while (colon < close && Character.isWhitespace(mask.charAt(colon)) && mask.charAt(colon) != '\n') colon++;
                if (key.equals("...")) {
                    valueStart = keyEnd;
                } else {
                    if (colon >= close || mask.charAt(colon) != ':') throw new IllegalArgumentException("expected ':' after " + key);
                    valueStart = colon + 1;
                }
                if (out.containsKey(key) && !key.equals("...")) throw new IllegalArgumentException("key " + key + " twice");
                atEntryStart = false;
                i = valueStart - 1;
                continue;
            }
            // Strings inside a value are skipped whole: a multi-line one may hold "key:" lines.
            if (mask.startsWith("'''", i)) {
                i = mask.indexOf("'''", i + 3) + 2;
                continue;
            }
            if (ch == '\'') {
                i = mask.indexOf('\'', i + 1);
                continue;
            }
            if (ch == '{' || ch == '[' || ch == '(') depth++;
            else if (ch == '}' || ch == ']' || ch == ')') depth--;
            else if (depth == 0 && (ch == '\n' || ch == ',')) atEntryStart = true;
        }
        if (key != null) out.put(key, text.substring(valueStart, close).strip().replaceAll(",$", "").strip());
        return out;
    }

    /** Index of the bracket closing the one at {@code open}, in a mask. */
    static int matching(String mask, int open) {
        int depth = 0;
        for (int i = open; i < mask.length(); i++) {
            char ch = mask.charAt(i);
            if (ch == '{' || ch == '[' || ch == '(') depth++;
            else if (ch == '}' || ch == ']' || ch == ')') {
                depth--;
                if (depth == 0) return i;
            }
        }
        throw new IllegalArgumentException("unbalanced brackets from: " + snippet(mask, open));
    }

    /** The first {@code =} at bracket depth 0 from {@code from} that is an assignment (not ==, !=, <=, >=, =~), or -1. */
    private static int topLevelAssignment(String mask, int from) {
        int depth = 0;
        for (int i = from; i < mask.length(); i++) {
            char ch = mask.charAt(i);
            if (ch == '{' || ch == '[' || ch == '(') depth++;
            else if (ch == '}' || ch == ']' || ch == ')') depth--;
            else if (ch == '=' && depth == 0) {
                char before = i > 0 ? mask.charAt(i - 1) : ' ';
                char after = i + 1 < mask.length() ? mask.charAt(i + 1) : ' ';
                if (after != '=' && after != '~' && "=!<>".indexOf(before) < 0) return i;
            }
        }
        return -1;
    }

    private static Optional<String> firstString(Statement s) {
        int q = s.mask.indexOf('\'');
        if (q < 0) return Optional.empty();
        return Optional.of(s.code.substring(q + 1, s.mask.indexOf('\'', q + 1)));
    }

    private static String snippet(String s, int at) {
        return s.substring(at, Math.min(s.length(), at + 40)).replace('\n', ' ');
    }

    /** Splits the masked text into top-level statements, each with the decorators just before it. */
    private List<Statement> split() {
        List<int[]> starts = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        int depth = 0;
        boolean lineStart = true;
        for (int i = 0; i < mask.length(); i++) {
            char ch = mask.charAt(i);
            if (ch == '\n') {
                lineStart = true;
                continue;
            }
            if (lineStart && depth == 0 && !Character.isWhitespace(ch)) {
                lineStart = false;
                if (ch == '@') {
                    starts.add(new int[] {i, 1});
                    keywords.add("@");
                } else {
                    Matcher m = IDENT.matcher(mask).region(i, mask.length());
                    if (m.lookingAt() && KEYWORDS.contains(m.group())) {
                        starts.add(new int[] {i, 0});
                        keywords.add(m.group());
                    }
                }
            } else if (!Character.isWhitespace(ch)) {
                lineStart = false;
            }
            if (ch == '{' || ch == '[' || ch == '(') depth++;
            else if (ch == '}' || ch == ']' || ch == ')') depth--;
            if (depth < 0) throw new IllegalArgumentException("unbalanced brackets near: " + snippet(code, i));
        }
        if (depth != 0) throw new IllegalArgumentException("unbalanced brackets at the end of the file");
        List<Statement> out = new ArrayList<>();
        List<String> decorators = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k)[0];
            int to = k + 1 < starts.size() ? starts.get(k + 1)[0] : mask.length();
            if (starts.get(k)[1] == 1) {
                // A decorator line may also hold its declaration: @secure() param x string
                Matcher m = Pattern.compile("@[A-Za-z_.]+\\s*").matcher(mask).region(from, to);
                if (!m.lookingAt()) throw new IllegalArgumentException("malformed decorator: " + snippet(code, from));
                int end = mask.charAt(m.end()) == '(' ? matching(mask, m.end()) + 1 : m.end();
                decorators.add(code.substring(from, end).strip());
                Matcher rest = IDENT.matcher(mask).region(end, to);
                int j = end;
                while (j < to && Character.isWhitespace(mask.charAt(j))) j++;
                rest.region(j, to);
                if (j < to && rest.lookingAt() && KEYWORDS.contains(rest.group())) {
                    out.add(new Statement(rest.group(), List.copyOf(decorators), code.substring(j, to).strip(), mask.substring(j, to).strip()));
                    decorators.clear();
                }
                continue;
            }
            out.add(new Statement(keywords.get(k), List.copyOf(decorators), code.substring(from, to).strip(), mask.substring(from, to).strip()));
            decorators.clear();
        }
        if (!decorators.isEmpty()) throw new IllegalArgumentException("decorator without a declaration: " + decorators);
        return out;
    }

    /** Blanks comments in both views and string contents in the mask; newlines are kept in both. */
    private static final class Lexer {
        private final String s;
        private final char[] code;
        private final char[] mask;

        Lexer(String s, char[] code, char[] mask) {
            this.s = s;
            this.code = code;
            this.mask = mask;
        }

        void run() {
            int i = 0;
            while (i < s.length()) i = step(i, false);
        }

        /** Lexes one token at i in code context; in an interpolation, returns at its closing brace. */
        private int step(int i, boolean inInterpolation) {
            if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                if (end < 0) end = s.length();
                blank(i, end, true);
                return end;
            }
            if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) throw new IllegalArgumentException("unterminated comment");
                blank(i, end + 2, true);
                return end + 2;
            }
            if (s.startsWith("'''", i)) {
                int end = s.indexOf("'''", i + 3);
                if (end < 0) throw new IllegalArgumentException("unterminated multi-line string");
                blank(i + 3, end, false);
                return end + 3;
            }
            if (s.charAt(i) == '\'') return string(i);
            return i + 1;
        }

        /** A single-quoted string from its opening quote; returns the index after its closing quote. */
        private int string(int open) {
            int i = open + 1;
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (ch == '\n') throw new IllegalArgumentException("unterminated string");
                if (ch == '\\') {
                    mask(i, i + 2);
                    i += 2;
                } else if (ch == '\'') {
                    return i + 1;
                } else if (s.startsWith("${", i)) {
                    mask(i, i + 2);
                    int j = i + 2;
                    int depth = 0;
                    while (true) {
                        if (j >= s.length()) throw new IllegalArgumentException("unterminated interpolation");
                        char cj = s.charAt(j);
                        if (cj == '}' && depth == 0) break;
                        if (cj == '{') depth++;
                        if (cj == '}') depth--;
                        int next = step(j, true);
                        if (next == j + 1) mask(j, j + 1);
                        else mask(j, next);
                        j = next;
                    }
                    mask(j, j + 1);
                    i = j + 1;
                } else {
                    mask(i, i + 1);
                    i++;
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }

        private void mask(int from, int to) {
            for (int k = from; k < to && k < mask.length; k++) if (mask[k] != '\n') mask[k] = '_';
        }

        private void blank(int from, int to, boolean comment) {
            for (int k = from; k < to; k++) {
                if (s.charAt(k) == '\n') continue;
                mask[k] = comment ? ' ' : '_';
                if (comment) code[k] = ' ';
            }
        }
    }
}
