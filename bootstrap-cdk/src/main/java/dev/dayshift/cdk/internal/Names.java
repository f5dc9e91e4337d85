package dev.dayshift.cdk.internal;

import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.Tool;
import java.util.Locale;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

/**
 * Every physical name the app gives, in one place. Each starts with {@code dayshift-<environment>},
 * so two environments in one account never share a resource, and IAM policies can scope a role to
 * its own environment with a name prefix.
 */
public final class Names {

    /** The tag that says which phase's job created a resource; jobs must put it on what they create. */
    public static final String PHASE_TAG = "dayshift:phase";

    private Names() {
    }

    /** {@code dayshift-<env>}: the prefix of every name of that environment. */
    public static String prefix(Environment env) {
        return "dayshift-" + env.name();
    }

    /** A name {@code dayshift-<env>-<suffix>}. */
    public static String of(Environment env, String suffix) {
        return prefix(env) + "-" + suffix;
    }

    /** The stack name {@code dayshift-<env>-<part>}. */
    public static String stack(Environment env, String part) {
        return of(env, part);
    }

    /**
     * A globally unique bucket name {@code dayshift-<env>-<purpose>-<account>}; checked against S3's
     * 63 character limit when the account is known at synth time.
     */
    public static String bucket(Stack stack, Environment env, String purpose) {
        String account = stack.getAccount();
        String name = of(env, purpose) + "-" + account;
        if (!Token.isUnresolved(account) && name.length() > 63) {
            throw new IllegalStateException("bucket name " + name + " is longer than S3's 63 characters; "
                    + "use a shorter environment name");
        }
        return name;
    }

    /** The CodeBuild project of one phase and tool: {@code dayshift-<env>-<phase>-<tool>}. */
    public static String project(Environment env, PhaseName phase, Tool tool) {
        return of(env, phase.name().toLowerCase(Locale.ROOT) + "-" + tool.id());
    }

    /** The IAM role of one phase's jobs: {@code dayshift-<env>-<phase>-jobs}. */
    public static String jobRole(Environment env, PhaseName phase) {
        return of(env, phase.name().toLowerCase(Locale.ROOT) + "-jobs");
    }

    /**
     * The S3 key prefix of a phase's plan artifacts: {@code <env>/<phase>/} (the lifecycle-tasks
     * Lambda's artifact path, {@code LifecycleTasks}).
     */
    public static String stateKeyPrefix(Environment env, PhaseName phase) {
        return env.name() + "/" + phase.id() + "/";
    }

    /**
     * The S3 key of a phase's Terraform state, {@code dayshift/<env>/<phase>.tfstate}, as the
     * terraform buildspec's backend configuration names it; the native lockfile is that key plus
     * {@code .tflock}.
     */
    public static String terraformStateKey(Environment env, PhaseName phase) {
        return "dayshift/" + env.name() + "/" + phase.id() + ".tfstate";
    }
}
