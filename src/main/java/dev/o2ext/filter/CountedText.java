package dev.o2ext.filter;

/**
 * A string that allows a bounded number of character reads, so that a regular expression that
 * backtracks without end on it stops with {@link OverBudget} instead of holding the thread.
 * Java's regex engine reads its input only through {@link #charAt}. Not thread-safe: one per match.
 */
final class CountedText implements CharSequence {

	private final String text;

	private long left;

	CountedText(String text, long reads) {
		this.text = text;
		this.left = reads;
	}

	@Override
	public char charAt(int index) {
		if (--this.left < 0) {
			throw OverBudget.INSTANCE;
		}
		return this.text.charAt(index);
	}

	@Override
	public int length() {
		return this.text.length();
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return this.text.subSequence(start, end);
	}

	@Override
	public String toString() {
		return this.text;
	}

	/** The budget is spent; carries no stack trace (it is an expected outcome, thrown often if at all). */
	static final class OverBudget extends RuntimeException {

		static final OverBudget INSTANCE = new OverBudget();

		private OverBudget() {
			super("regular expression over its budget", null, false, false);
		}

	}

}
