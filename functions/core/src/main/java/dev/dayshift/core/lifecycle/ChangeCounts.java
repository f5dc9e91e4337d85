package dev.dayshift.core.lifecycle;

/**
 * How many resources a plan creates, updates in place, destroys and replaces (destroy + create).
 * All counts are zero or more.
 */
public record ChangeCounts(int creates, int updates, int destroys, int replaces) {

    /** No changes. */
    public static final ChangeCounts NONE = new ChangeCounts(0, 0, 0, 0);

    public ChangeCounts {
        if (creates < 0 || updates < 0 || destroys < 0 || replaces < 0) {
            throw new IllegalArgumentException("change counts must not be negative");
        }
    }

    /** Whether applying would change anything. */
    public boolean any() {
        return creates + updates + destroys + replaces > 0;
    }

    /** "2 to create, 1 to update, 0 to destroy, 1 to replace". */
    @Override
    public String toString() {
        return creates + " to create, " + updates + " to update, " + destroys + " to destroy, " + replaces + " to replace";
    }
}
