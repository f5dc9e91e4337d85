package dev.dayshift.core.lifecycle;

import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.Phase;
import dev.dayshift.core.config.PhaseName;

/**
 * The rules a well-formed {@link LifecycleRequest} must pass against the configuration before any
 * job runs: the environment and phase exist, and protection allows the action.
 *
 * <ul>
 *   <li>automatic triggers (schedule, budget) never touch a base phase and never stop a protected
 *       environment's runtime;</li>
 *   <li>a protected environment's base is never destroyed, whoever asks;</li>
 *   <li>everything else a protected environment does waits for an approval (see {@link #needsApproval}).</li>
 * </ul>
 */
public final class LifecyclePolicy {

    private LifecyclePolicy() {
    }

    /**
     * Checks {@code request} against {@code config}.
     *
     * @return the environment and the phase the request acts on
     * @throws LifecycleRefusal named {@link LifecycleErrors#UNKNOWN_ENVIRONMENT} or {@link LifecycleErrors#PROTECTED}
     */
    public static Target check(LifecycleRequest request, DayshiftConfig config) {
        Environment env = config.environment(request.environment()).orElseThrow(() -> new LifecycleRefusal(
                LifecycleErrors.UNKNOWN_ENVIRONMENT, "unknown environment '" + request.environment() + "' (declared in "
                        + config.source().getFileName() + ": " + String.join(", ", config.environments().keySet()) + ")"));
        Phase phase = env.phase(request.phase()).orElseThrow(() -> new LifecycleRefusal(
                LifecycleErrors.UNKNOWN_ENVIRONMENT, "environment '" + env.name() + "' has no " + request.phase().id()
                        + " phase in " + config.source().getFileName()));
        if (request.phase() == PhaseName.BASE && request.trigger().automatic()) {
            throw new LifecycleRefusal(LifecycleErrors.PROTECTED, "a " + request.trigger().id() + " may not "
                    + request.action().id() + " the base phase of '" + env.name() + "': scheduled and budget actions "
                    + "only ever touch the runtime");
        }
        if (request.phase() == PhaseName.BASE && request.action().destroys() && env.isProtected()) {
            throw new LifecycleRefusal(LifecycleErrors.PROTECTED, "'" + env.name()
                    + "' is protected: its base phase is never destroyed (remove 'protected: true' first if you really mean it)");
        }
        if (env.isProtected() && request.action().destroys() && request.trigger().automatic()) {
            throw new LifecycleRefusal(LifecycleErrors.PROTECTED, "'" + env.name() + "' is protected: a "
                    + request.trigger().id() + " never stops it");
        }
        return new Target(env, phase);
    }

    /** Whether the request's apply waits for a person's approval: any apply of a protected environment. */
    public static boolean needsApproval(LifecycleRequest request, Environment env) {
        return env.isProtected() && request.action().applies();
    }

    /** What a checked request acts on. */
    public record Target(Environment environment, Phase phase) {
    }
}
