package com.example.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdkaccountcontacts.AlternateContact;
import io.github.cdkaccountcontacts.SecurityContacts;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/**
 * What Java users see when they get it wrong: each input of test/python/error-cases.json, typed through the
 * library's own builders (the construct's Builder, each struct's builder()), fails with the message TypeScript users
 * get (recorded by test/python/reference.ts); and a required builder field left out is refused by the builder.
 */
class ErrorCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("repository.root", "../.."));

    /** Calls the builder's method named `name` with the JSON value, typed as the method's parameter. */
    private static void set(final Object builder, final String name, final JsonNode value) throws Exception {
        Method method = Arrays.stream(builder.getClass().getMethods())
                .filter(candidate -> candidate.getName().equals(name) && candidate.getParameterCount() == 1)
                .filter(candidate -> !value.isTextual() || candidate.getParameterTypes()[0] == String.class)
                .findFirst()
                .orElseThrow(() -> new AssertionError(builder.getClass().getName() + " has no " + name + ": map the case's field to Java"));
        Class<?> type = method.getParameterTypes()[0];
        Object argument;
        if (value.isTextual()) {
            argument = value.asText();
        } else if (value.isArray() && List.class.isAssignableFrom(type)) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            argument = items;
        } else if (value.isObject()) {
            argument = struct(type, value);
        } else {
            throw new AssertionError("no Java form for " + name + " = " + value);
        }
        method.invoke(builder, argument);
    }

    /** A jsii struct (an interface with a static builder()) from a JSON object. */
    private static Object struct(final Class<?> type, final JsonNode value) throws Exception {
        Object builder = type.getMethod("builder").invoke(null);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            set(builder, field.getKey(), field.getValue());
        }
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static void construct(final String name, final JsonNode props) throws Throwable {
        App app = new App();
        Stack stack = new Stack(app, "Errors");
        Class<?> builderType = Class.forName("io.github.cdkaccountcontacts." + name + "$Builder");
        Object builder = builderType.getMethod("create", software.constructs.Construct.class, String.class).invoke(null, stack, "Contacts");
        for (Iterator<Map.Entry<String, JsonNode>> fields = props.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            set(builder, field.getKey(), field.getValue());
        }
        try {
            builderType.getMethod("build").invoke(builder);
        } catch (InvocationTargetException error) {
            throw error.getCause();
        }
        app.synth();
    }

    @Test
    void everyCaseFailsWithTheTypeScriptMessage() throws Exception {
        JsonNode cases = JSON.readTree(ROOT.resolve("test/python/error-cases.json").toFile()).get("cases");
        JsonNode messages = JSON.readTree(Path.of(System.getProperty("typescript.reference"), "error-messages.json").toFile());
        int checked = 0;
        for (JsonNode errorCase : cases) {
            if (errorCase.has("flavors") && !errorCase.get("flavors").toString().contains("\"cdk\"")) {
                continue;
            }
            String id = errorCase.get("id").asText();
            JsonNode expected = messages.get(id);
            assertNotNull(expected, id + ": no TypeScript message recorded");
            assertTrue(expected.isObject(), id + ": TypeScript accepted it");
            // The JavaScript error, raised in Java as a RuntimeException (jsii's JsiiError).
            RuntimeException raised = assertThrows(RuntimeException.class, () -> construct(errorCase.get("construct").asText(), errorCase.get("props")), id);
            // jsii puts the JavaScript error's name before its message, as in Python; Java's then adds the kernel's
            // trace (from "\n@jsii/kernel."), which is not the message.
            String message = raised.getMessage().split("\n@jsii/kernel\\.", 2)[0];
            assertEquals(expected.get("name").asText() + ": " + expected.get("message").asText(), message, id);
            assertTrue(raised.getMessage().contains("[Errors/Contacts]"), id);
            checked++;
        }
        assertTrue(checked >= 7, "only " + checked + " cases");
    }

    @Test
    void aRequiredBuilderFieldLeftOutIsRefusedByTheBuilder() {
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> AlternateContact.builder().name("Security Operations Center").title("Security team").phoneNumber("+1 206 555 0100").build());
        assertTrue(String.valueOf(missing.getMessage()).contains("emailAddress"), missing.getMessage());
        // A construct built with no contact at all is refused at synth, naming the construct path and the field.
        App app = new App();
        SecurityContacts.Builder.create(new Stack(app, "Errors"), "Contacts").build();
        RuntimeException none = assertThrows(RuntimeException.class, app::synth);
        assertTrue(none.getMessage().contains("[Errors/Contacts] security is required"), none.getMessage());
    }
}
