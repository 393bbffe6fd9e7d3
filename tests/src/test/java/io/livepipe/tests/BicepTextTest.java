package io.livepipe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Bicep scanner the template tests rely on, on the text that would fool a naive one. */
class BicepTextTest {
    static final String TRICKY = """
            // param commented string
            /* module gone 'modules/gone.bicep' = {
               params: { x: 1 }
            } */
            @description('a } brace, a // slash and it\\'s quoted')
            @allowed([
              'a'
              'b'
            ])
            param choice string = 'a'

            @secure() param secret string
            param limits object = {
              max: 3
            }
            param when string = contains('x=y', '=') ? 'p' : 'q'
            param test bool

            var tricky = {
              plain: 'v'
              'quoted-key': '${toLower('A}B')}/x'
              nested: {
                inner: 1 // inner: comment
              }
              multi: '''
            line: not a key
            }
            '''
              list: [
                'x'
              ]
              flag: test ? {
                a: 1
              } : null
            }

            module m 'modules/m.bicep' = if (test) {
              name: 'm'
              params: {
                choice: choice
                other: {
                  deep: '${choice}-${limits.max}'
                }
                secret: secret
              }
            }

            output url string = 'https://${tricky.plain}/'
            """;

    @Test
    void paramsKeepTheirDefaultsAndDecoratorsAndIgnoreComments() {
        BicepText b = BicepText.parse(TRICKY);
        List<BicepText.Param> params = b.params();
        assertEquals(List.of("choice", "secret", "limits", "when", "test"), params.stream().map(BicepText.Param::name).toList());
        assertEquals(List.of(true, false, true, true, false), params.stream().map(BicepText.Param::hasDefault).toList());
        assertTrue(params.get(1).secure());
        assertFalse(params.get(0).secure());
        assertEquals(2, params.get(0).decorators().size());
        assertTrue(params.get(0).decorators().get(0).contains("a } brace"));
        assertEquals("string", params.get(3).type());
    }

    @Test
    void objectKeysSkipNestedObjectsStringsAndMultiLineStrings() {
        Map<String, String> keys = BicepText.parse(TRICKY).objectVar("tricky");
        assertEquals(List.of("plain", "quoted-key", "nested", "multi", "list", "flag"), List.copyOf(keys.keySet()));
        assertEquals("'${toLower('A}B')}/x'", keys.get("quoted-key"));
        assertFalse(keys.get("nested").contains("comment"), keys.get("nested"));
    }

    @Test
    void modulesShowTheirPathAndTheParametersPassed() {
        List<BicepText.Module> modules = BicepText.parse(TRICKY).modules();
        assertEquals(1, modules.size(), "the commented-out module is not one");
        assertEquals("modules/m.bicep", modules.get(0).path());
        assertEquals(List.of("choice", "other", "secret"), List.copyOf(modules.get(0).params().keySet()));
    }

    @Test
    void outputsAndStringsAreFound() {
        BicepText b = BicepText.parse(TRICKY);
        assertEquals("'https://${tricky.plain}/'", b.outputs().get(0).expression());
        assertTrue(b.strings().contains("modules/m.bicep"));
        assertFalse(b.strings().contains("modules/gone.bicep"));
    }

    @Test
    void paramFilesAreReadAsAssignments() {
        BicepText p = BicepText.parse("""
                using './main.bicep' // the template
                param a = 'x'
                param b = {
                  c: readEnvironmentVariable('C', '')
                }
                """);
        assertEquals("./main.bicep", p.using().orElseThrow());
        assertEquals(List.of("a", "b"), List.copyOf(p.paramAssignments().keySet()));
        assertThrows(IllegalArgumentException.class, () -> BicepText.parse("param a = 1\nparam a = 2\n").paramAssignments());
    }

    @Test
    void unbalancedOrUnterminatedTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BicepText.parse("var x = {\n  a: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> BicepText.parse("var x = 'open\n"));
        assertThrows(IllegalArgumentException.class, () -> BicepText.parse("/* never closed"));
    }
}
