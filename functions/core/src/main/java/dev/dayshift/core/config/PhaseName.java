package dev.dayshift.core.config;

import java.util.Locale;

/** The two phases of an environment: the persistent base and the ephemeral runtime. */
public enum PhaseName {
    /** Persistent and slow to create (VPC, zones, certificates, registries). Schedules never touch it. */
    BASE,
    /** Ephemeral and expensive (NAT gateways, load balancers, services). Cycled by schedules. */
    RUNTIME;

    /** The lower-case name used in configuration, execution input and logs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
