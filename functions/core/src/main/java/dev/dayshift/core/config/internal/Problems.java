package dev.dayshift.core.config.internal;

import dev.dayshift.core.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects configuration problems with their locations, so all of them are reported together. */
public final class Problems {
    private final String file;
    private final List<ConfigProblem> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    /** A problem with a value. */
    public void at(YamlNode node, String path, String message) {
        list.add(new ConfigProblem(file, node.line(), node.column(), prefix(path) + message));
    }

    /** A problem with a key (unknown field, duplicate name). */
    public void atKey(YamlNode.Entry entry, String path, String message) {
        list.add(new ConfigProblem(file, entry.keyLine(), entry.keyColumn(), prefix(path) + message));
    }

    /** A problem at a known line and column. */
    public void at(int line, int column, String path, String message) {
        list.add(new ConfigProblem(file, line, column, prefix(path) + message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Every problem, in file order. */
    public List<ConfigProblem> sorted() {
        List<ConfigProblem> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return copy;
    }

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
