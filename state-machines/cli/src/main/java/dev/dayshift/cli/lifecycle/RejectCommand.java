package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;

/** {@code dayshift reject --env NAME}. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Rejects the apply waiting for approval on a protected environment (local runs).")
public final class RejectCommand extends ApprovalAnswer {
    @Override
    boolean approve() {
        return false;
    }
}
