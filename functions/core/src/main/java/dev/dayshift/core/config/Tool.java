package dev.dayshift.core.config;

import java.util.Locale;

/** The tool a phase's jobs run. */
public enum Tool {
    /** Terraform (init with the S3 backend and native lockfile, plan to a file, apply that file). */
    TERRAFORM,
    /** AWS CDK (synth, diff, deploy, destroy). */
    CDK,
    /** Plain scripts in the phase directory; for local demos and tests. */
    SCRIPT;

    /** The lower-case name used in configuration and buildspec file names. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
