/**
 * Shared HTTP plumbing at the bottom of the house: the one small Netty event loop group that
 * every server and client shares, binding a WebFlux handler to an address with a fallback
 * port, and the WebClient used to reach OpenObserve.
 */
@NullMarked
package dev.o2ext.http;

import org.jspecify.annotations.NullMarked;
