package io.tributary.consume;

/**
 * A string that lets itself be read a limited number of times: handed to a regex matcher, it bounds the work of a
 * pattern that backtracks catastrophically (the JDK matcher reads its input only through {@link #charAt}).
 */
final class BudgetedChars implements CharSequence {

    /** The budget ran out: the pattern is too expensive for this input. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final int[] budget;

    BudgetedChars(String text, int budget) {
        this(text, new int[]{budget});
    }

    private BudgetedChars(String text, int[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedChars(text.substring(start, end), budget); // shares the budget
    }

    @Override
    public String toString() {
        return text;
    }
}
