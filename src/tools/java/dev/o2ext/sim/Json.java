package dev.o2ext.sim;

import tools.jackson.databind.json.JsonMapper;

/** The one mapper of the simulator; Jackson mappers are thread-safe once built. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
