/**
 * Clients and typed models of Lambda's Extensions API and Telemetry API: protocol constants, registration, the event long poll, init and exit errors, the Telemetry subscription. Plain JDK HTTP so that registration needs no framework.
 */
@NullMarked
package dev.o2ext.lambda;

import org.jspecify.annotations.NullMarked;
