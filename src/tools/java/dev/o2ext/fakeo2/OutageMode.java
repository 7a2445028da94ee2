package dev.o2ext.fakeo2;

/** How an outage looks to a client. */
public enum OutageMode {
    /** The listening socket is closed: connections are refused and pooled ones are closed. */
    REFUSE,
    /** The server is up but answers every request 503 with the overload body. */
    SERVICE_UNAVAILABLE
}
