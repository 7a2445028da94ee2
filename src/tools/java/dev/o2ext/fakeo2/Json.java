package dev.o2ext.fakeo2;

import tools.jackson.databind.json.JsonMapper;

/** The one mapper of the fake; Jackson mappers are thread-safe once built. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
