package dev.dayshift.cli.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.lifecycle.LifecycleErrors;
import dev.dayshift.core.records.ApprovalRepository;
import dev.dayshift.core.records.PendingApproval;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.local.LocalRuntime;
import dev.dayshift.local.LocalTaskTokens;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What approve and reject share: find the environment's pending approval and answer its task token. */
abstract class ApprovalAnswer implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment whose apply waits.")
    String env;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, for the record.")
    String reason;

    abstract boolean approve();

    @Override
    public Integer call() {
        DayshiftConfig cfg = config.load();
        cfg.requireEnvironment(env);
        StateStore store = LocalRuntime.stateStoreOf(cfg);
        ApprovalRepository approvals = new ApprovalRepository(store);
        PendingApproval p = approvals.pending(env).orElseThrow(() -> new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                "no approval is waiting for " + env + " (see 'dayshift status --env " + env + "')"));
        String who = System.getProperty("user.name", "unknown");
        LocalTaskTokens tokens = new LocalTaskTokens(store);
        if (approve()) {
            tokens.succeed(p.taskToken(), new ObjectMapper().createObjectNode().put("approvedBy", who).put("reason", reason).toString());
        } else {
            tokens.fail(p.taskToken(), LifecycleErrors.APPROVAL_REJECTED, "rejected by " + who + (reason.isBlank() ? "" : ": " + reason));
        }
        approvals.resolve(env, p.executionId());
        spec.commandLine().getOut().println((approve() ? "approved: " : "rejected: ") + p.summary() + " (" + p.executionId() + ")");
        return ExitCodes.OK;
    }
}
