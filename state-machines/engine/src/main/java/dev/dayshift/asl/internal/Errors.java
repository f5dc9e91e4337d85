package dev.dayshift.asl.internal;

import java.util.List;

/** How Retry and Catch match error names. */
final class Errors {
    private Errors() {
    }

    /**
     * True when {@code errorEquals} matches {@code error}: by name; States.ALL matches everything but the terminal
     * errors; States.TaskFailed matches everything but timeouts and terminal errors; States.Timeout also matches
     * States.HeartbeatTimeout.
     */
    static boolean matches(List<String> errorEquals, String error) {
        for (String e : errorEquals) {
            if (e.equals(error)) {
                return true;
            }
            switch (e) {
                case ErrorNames.ALL -> {
                    return true;
                }
                case ErrorNames.TASK_FAILED -> {
                    if (!ErrorNames.TIMEOUT.equals(error) && !ErrorNames.HEARTBEAT_TIMEOUT.equals(error)) {
                        return true;
                    }
                }
                case ErrorNames.TIMEOUT -> {
                    if (ErrorNames.HEARTBEAT_TIMEOUT.equals(error)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
