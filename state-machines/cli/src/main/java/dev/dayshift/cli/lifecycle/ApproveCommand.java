package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;

/** {@code dayshift approve --env NAME}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approves the apply waiting for approval on a protected environment (local runs).")
public final class ApproveCommand extends ApprovalAnswer {
    @Override
    boolean approve() {
        return true;
    }
}
