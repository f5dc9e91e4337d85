package dev.dayshift.asl;

import java.util.Objects;

/**
 * Options of one execution: its name, the state machine's ARN and name as the context object shows them, the
 * mock test case, history and a listener. {@link #defaults()} gives a random name and a machine named
 * "StateMachine".
 */
public final class StartOptions {
    private final String executionName;
    private final String stateMachineName;
    private final String stateMachineArn;
    private final String roleArn;
    private final String testCase;
    private final HistoryMode history;
    private final HistoryListener listener;

    private StartOptions(Builder b) {
        this.executionName = b.executionName;
        this.stateMachineName = b.stateMachineName;
        this.stateMachineArn = b.stateMachineArn;
        this.roleArn = b.roleArn;
        this.testCase = b.testCase;
        this.history = b.history;
        this.listener = b.listener;
    }

    public static StartOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The execution name, or null for a generated one. */
    public String executionName() {
        return executionName;
    }

    public String stateMachineName() {
        return stateMachineName;
    }

    /** The state machine ARN, or null to derive one from the name, region and account of the engine. */
    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String roleArn() {
        return roleArn;
    }

    /** The test case of a mock configuration to use for this execution, or null. */
    public String testCase() {
        return testCase;
    }

    /** History mode for this execution, or null for the engine's. */
    public HistoryMode history() {
        return history;
    }

    public HistoryListener listener() {
        return listener;
    }

    public static final class Builder {
        private String executionName;
        private String stateMachineName = "StateMachine";
        private String stateMachineArn;
        private String roleArn;
        private String testCase;
        private HistoryMode history;
        private HistoryListener listener;

        private Builder() {
        }

        /** 1 to 80 characters: letters, digits, - and _ (as AWS allows). */
        public Builder executionName(String name) {
            if (name != null && !name.matches("[A-Za-z0-9_-]{1,80}")) {
                throw new IllegalArgumentException("An execution name must be 1 to 80 letters, digits, '-' or '_': "
                        + name);
            }
            this.executionName = name;
            return this;
        }

        public Builder stateMachineName(String name) {
            this.stateMachineName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The state machine's ARN; its last part also becomes the name unless a name is set. */
        public Builder stateMachineArn(String arn) {
            this.stateMachineArn = arn;
            return this;
        }

        public Builder roleArn(String arn) {
            this.roleArn = arn;
            return this;
        }

        /** Chooses a test case of a Step Functions Local mock configuration for this execution. */
        public Builder testCase(String name) {
            this.testCase = name;
            return this;
        }

        public Builder history(HistoryMode mode) {
            this.history = mode;
            return this;
        }

        /** Sees this execution's events as they happen (besides the engine's listener). */
        public Builder listener(HistoryListener l) {
            this.listener = l;
            return this;
        }

        public StartOptions build() {
            return new StartOptions(this);
        }
    }
}
