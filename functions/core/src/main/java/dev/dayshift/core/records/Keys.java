package dev.dayshift.core.records;

/**
 * Where each record lives in the {@link dev.dayshift.core.state.StateStore}. Every record of an
 * environment shares its partition, so one query reads them all.
 *
 * <table>
 *   <caption>Keys (pk = {@code env#<name>})</caption>
 *   <tr><th>sk</th><th>record</th><th>expires</th></tr>
 *   <tr><td>{@code state#base}, {@code state#runtime}</td><td>{@link PhaseState}: the phase's recorded state</td><td>never</td></tr>
 *   <tr><td>{@code history#<at>#<executionId>}</td><td>{@link PhaseState}: every recorded outcome, oldest first</td><td>{@value #HISTORY_DAYS} days</td></tr>
 *   <tr><td>{@code lock}</td><td>{@link LockRecord}: who holds the environment's lifecycle lock</td><td>at the lease's end</td></tr>
 *   <tr><td>{@code override#<setAt>}</td><td>{@link RuntimeOverride}: keep-up / keep-down set at run time</td><td>at its {@code until}</td></tr>
 *   <tr><td>{@code budget-block}</td><td>{@link BudgetBlock}: scheduled starts blocked by the budget guard</td><td>at its {@code until}</td></tr>
 *   <tr><td>{@code approval}</td><td>{@link PendingApproval}: the apply waiting for a person, with its task token</td><td>at its deadline</td></tr>
 *   <tr><td>{@code decision#<scheduledAt>#<up|down>}</td><td>{@link GateDecision}: what the schedule gate did with one event</td><td>{@value #DECISION_DAYS} days</td></tr>
 *   <tr><td>{@code alarm#<alarm>}</td><td>the newest state seen of a rollback alarm (rollback trigger)</td><td>never</td></tr>
 *   <tr><td>{@code rollback#episode#<alarm>#<start>}</td><td>one alarm episode: pending, started or cooldown, with its execution name</td><td>90 days</td></tr>
 *   <tr><td>{@code rollback#cooldown#<target>}</td><td>the episode whose rollback holds the target's cooldown</td><td>at the cooldown's end</td></tr>
 *   <tr><td>{@code budget#<period>#alert#<type>#<threshold>}, {@code budget#<period>#<action>}</td><td>budget guard claims: each alert and action once per budget period</td><td>90 days after the period</td></tr>
 *   <tr><td>{@code event#<at>#<alarm|budget>#<id>}</td><td>what the rollback trigger or budget guard decided, with the figures</td><td>90 days</td></tr>
 * </table>
 *
 * Instants in sort keys are written by {@link #instant} (ISO-8601 UTC with milliseconds,
 * {@code 2026-11-25T08:00:00.000Z}), so sort order is time order.
 */
public final class Keys {

    /** How long history entries are kept. */
    public static final int HISTORY_DAYS = 400;
    /** How long schedule gate decisions are kept. */
    public static final int DECISION_DAYS = 60;

    public static final String STATE_PREFIX = "state#";
    public static final String HISTORY_PREFIX = "history#";
    public static final String LOCK = "lock";
    public static final String OVERRIDE_PREFIX = "override#";
    public static final String BUDGET_BLOCK = "budget-block";
    public static final String APPROVAL = "approval";
    public static final String DECISION_PREFIX = "decision#";
    public static final String ALARM_PREFIX = "alarm#";
    public static final String ROLLBACK_EPISODE_PREFIX = "rollback#episode#";
    public static final String ROLLBACK_COOLDOWN_PREFIX = "rollback#cooldown#";
    public static final String BUDGET_PREFIX = "budget#";
    public static final String EVENT_PREFIX = "event#";

    private Keys() {
    }

    private static final java.time.format.DateTimeFormatter SORTABLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** An instant as it appears in sort keys: fixed width, so text order is time order. */
    public static String instant(java.time.Instant t) {
        return SORTABLE.format(t);
    }

    /** The partition of an environment's records: {@code env#<name>}. */
    public static String environment(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("environment name must not be blank");
        }
        return "env#" + name;
    }
}
