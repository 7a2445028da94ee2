package dev.o2ext.diagnostics;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /diagnostics}: the {@link DiagnosticsDocument} as JSON; bound to 127.0.0.1 only. */
public final class DiagnosticsRoutes {

	public static final String PATH = "/diagnostics";

	private final DiagnosticsDocument document;

	private final JsonMapper mapper;

	public DiagnosticsRoutes(DiagnosticsDocument document, JsonMapper mapper) {
		this.document = document;
		this.mapper = mapper;
	}

	public RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(PATH, (request) -> Mono.fromSupplier(() -> this.mapper.writeValueAsBytes(this.document.build()))
				.flatMap((json) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json)))
			.build();
	}

}
