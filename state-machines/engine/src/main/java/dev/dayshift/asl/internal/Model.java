package dev.dayshift.asl.internal;

import java.util.List;
import java.util.Map;

/** The compiled form of a definition: plain data, one class per state kind; behaviour lives in the runtime. */
public final class Model {
    private Model() {
    }

    /** The query language in force for a state. */
    public enum Lang { JSONPATH, JSONATA }

    /** How a Task's resource is integrated. */
    public enum Pattern { REQUEST_RESPONSE, SYNC, WAIT_FOR_TASK_TOKEN }

    /** A set of states with a start: the machine itself, a Parallel branch or a Map's item processor. */
    public static final class Scope {
        public String startAt;
        public Map<String, StateNode> states;
        public String pointer;
        public Lang lang;
        /** For a Map's processor: INLINE or DISTRIBUTED. */
        public boolean distributed;

        public StateNode state(String name) {
            return states.get(name);
        }
    }

    /** The top-level definition. */
    public static final class Machine {
        public Scope scope;
        public String comment;
        public Long timeoutSeconds;
        public Object definition;
    }

    /** Fields every state kind may use; each kind only fills in its own. */
    public abstract static sealed class StateNode
            permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState {
        public String name;
        public String type;
        public String pointer;
        public Lang lang;
        public String next;
        public boolean end;
        // JSONPath input and output processing. A null Path with the *Null flag set means the field was JSON null.
        public Path inputPath;
        public boolean inputPathNull;
        public Path outputPath;
        public boolean outputPathNull;
        public Template parameters;
        public Template resultSelector;
        public Path resultPath;
        public boolean resultPathNull;
        // JSONata
        public Template arguments;
        public Template output;
        // Both
        public Template assign;
        public List<Retrier> retry = List.of();
        public List<Catcher> catchers = List.of();
        /** The history event types for entering and leaving this state (leaving is null for Fail). */
        public dev.dayshift.asl.HistoryEventType enteredEvent;
        public dev.dayshift.asl.HistoryEventType exitedEvent;

        /** True for Task, Parallel and Map, whose context object carries State.RetryCount. */
        public boolean hasRetryCount() {
            return false;
        }
    }

    public static final class PassState extends StateNode {
        public Template result;
    }

    public static final class TaskState extends StateNode {
        public String resource;
        public Pattern pattern;
        public Long timeoutSeconds;
        public Path timeoutSecondsPath;
        public Template timeoutSecondsExpr;
        public Long heartbeatSeconds;
        public Path heartbeatSecondsPath;
        public Template heartbeatSecondsExpr;
        public Template credentials;
        /** A Lambda function ARN (history uses LambdaFunction* events). */
        public boolean lambdaFunction;
        /** For history events: e.g. "lambda" and "invoke" for arn:aws:states:::lambda:invoke. */
        public String resourceType;
        public String resourceName;

        @Override
        public boolean hasRetryCount() {
            return true;
        }
    }

    public static final class ChoiceState extends StateNode {
        public List<ChoiceRule> choices;
        public String defaultNext;
    }

    public static final class WaitState extends StateNode {
        public Long seconds;
        public Path secondsPath;
        public Template secondsExpr;
        public String timestamp;
        public Path timestampPath;
        public Template timestampExpr;
    }

    public static final class SucceedState extends StateNode {
    }

    public static final class FailState extends StateNode {
        public String error;
        public Path errorPath;
        public Template errorExpr;
        public Template errorPathCall;
        public String cause;
        public Path causePath;
        public Template causeExpr;
        public Template causePathCall;
    }

    public static final class ParallelState extends StateNode {
        public List<Scope> branches;

        @Override
        public boolean hasRetryCount() {
            return true;
        }
    }

    public static final class MapState extends StateNode {
        public Scope processor;
        public boolean distributed;
        public Path itemsPath;
        public Template itemsExpr;
        public Template itemSelector;
        public Integer maxConcurrency;
        public Path maxConcurrencyPath;
        public Template maxConcurrencyExpr;
        public Integer toleratedFailureCount;
        public Path toleratedFailureCountPath;
        public Template toleratedFailureCountExpr;
        public Double toleratedFailurePercentage;
        public Path toleratedFailurePercentagePath;
        public Template toleratedFailurePercentageExpr;
        /** ItemBatcher, or null. */
        public Batcher batcher;
        public String label;
        public boolean hasItemReader;
        public boolean hasResultWriter;

        @Override
        public boolean hasRetryCount() {
            return true;
        }
    }

    /** A Map's ItemBatcher. */
    public static final class Batcher {
        public Integer maxItemsPerBatch;
        public Path maxItemsPerBatchPath;
        public Template maxItemsPerBatchExpr;
        public Integer maxInputBytesPerBatch;
        public Path maxInputBytesPerBatchPath;
        public Template maxInputBytesPerBatchExpr;
        public Template batchInput;
    }

    /** One Retry entry. */
    public static final class Retrier {
        public List<String> errorEquals;
        public double intervalSeconds = 1;
        public int maxAttempts = 3;
        public double backoffRate = 2.0;
        public Long maxDelaySeconds;
        public boolean jitterFull;
    }

    /** One Catch entry. */
    public static final class Catcher {
        public List<String> errorEquals;
        public String next;
        public Path resultPath;
        public boolean resultPathNull;
        public boolean resultPathSet;
        public Template output;
        public Template assign;
    }

    /** A Choice rule: a comparison, a boolean combination, or a JSONata condition. */
    public static final class ChoiceRule {
        public enum Kind { AND, OR, NOT, COMPARE, CONDITION }

        public Kind kind;
        public List<ChoiceRule> children;
        public Path variable;
        public String operator;
        public Object value;
        public Path valuePath;
        public Template condition;
        public String next;
        public Template assign;
        public Template output;
        public String pointer;
    }
}
