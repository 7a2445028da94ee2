/**
 * Delivery to OpenObserve: batch encoding, the WebClient request, classification of OpenObserve's answers, the retry schedule on Spring Framework's core retry, the circuit breaker, and the delivery lane that every destination instantiates.
 */
@NullMarked
package dev.o2ext.shipping;

import org.jspecify.annotations.NullMarked;
