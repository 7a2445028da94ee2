/**
 * Delivery to OpenObserve: batch encoding, the WebClient request, classification of OpenObserve's answers, the retry schedule on Spring Framework's core retry, and the single-flight shipper.
 */
@NullMarked
package dev.o2ext.shipping;

import org.jspecify.annotations.NullMarked;
