package io.logintelemetry.servlet;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;

/** Where a capture rule takes a value from: a form (or query) parameter, a JSON Pointer into the body, or a constant. */
sealed interface CaptureSource {

    /** The value for this request, or null when absent (or not a scalar). */
    String valueFrom(HttpServletRequest request, JsonNode body);

    /** Whether the value comes from a JSON body, which must then be copied as the application reads it. */
    default boolean needsBody() {
        return false;
    }

    /**
     * Parses {@code form:name}, {@code json:/pointer} or {@code const:value}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static CaptureSource parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is no source: use form:NAME, json:/POINTER or const:VALUE");
        }
        String kind = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        switch (kind) {
            case "form", "param" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "' names no parameter");
                }
                return new Form(rest);
            }
            case "json" -> {
                if (!rest.startsWith("/")) {
                    throw new IllegalArgumentException("'" + text + "': a JSON Pointer starts with / (RFC 6901)");
                }
                try {
                    return new Json(JsonPointer.compile(rest));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a JSON Pointer: " + e.getMessage());
                }
            }
            case "const" -> {
                return new Const(rest);
            }
            default -> throw new IllegalArgumentException(
                    "'" + text + "' has an unknown source kind '" + kind + "': use form, json or const");
        }
    }

    /** A form or query parameter, read after the application handled the request. */
    record Form(String name) implements CaptureSource {
        @Override
        public String valueFrom(HttpServletRequest request, JsonNode body) {
            return request.getParameter(name);
        }
    }

    /** A field of the JSON body the application read. */
    record Json(JsonPointer pointer) implements CaptureSource {
        @Override
        public String valueFrom(HttpServletRequest request, JsonNode body) {
            if (body == null) {
                return null;
            }
            JsonNode node = body.at(pointer);
            return node.isValueNode() && !node.isNull() ? node.asText() : null;
        }

        @Override
        public boolean needsBody() {
            return true;
        }
    }

    /** A fixed value, such as {@code field=const:email} for a profile_change event. */
    record Const(String value) implements CaptureSource {
        @Override
        public String valueFrom(HttpServletRequest request, JsonNode body) {
            return value;
        }
    }
}
