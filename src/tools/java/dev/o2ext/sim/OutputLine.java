package dev.o2ext.sim;

/** A line an extension process wrote, with the stream ({@code stdout}/{@code stderr}) and when. */
public record OutputLine(long pid, String stream, String text, long nanos) {
}
