package dev.dayshift.core.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named deployment (dev, staging, prod, demo) as declared in the configuration file, with every
 * default applied. Built by {@link ConfigLoader}; all fields are validated there.
 *
 * @param name lower-case letters, digits and dashes; used in resource names
 * @param region the AWS region the environment lives in
 * @param zone the IANA time zone its schedule is evaluated in
 * @param account the AWS account id, if pinned
 * @param isProtected a protected environment is never stopped by a schedule or a budget, and its
 *     applies and rollbacks wait for an approval
 * @param costCenter the CostCenter tag, if any
 * @param tags extra tags for everything deployed for this environment
 * @param schedule the up and down expressions
 * @param holidays the environment's holidays, its shared calendars already merged in
 * @param overrides keep-up and keep-down overrides declared in the file (more can be set at run time)
 * @param expires for environments created by hand: after this instant the runtime is kept down
 * @param base the base phase, if the environment has one
 * @param runtime the runtime phase; always present
 * @param budget the AWS budget and its policy, if any
 * @param rollback alarm-triggered rollback targets
 * @param notifications extra notification subscribers
 * @param lockWait how long a lifecycle execution waits for the environment's lock (default 10 minutes)
 * @param approvalTimeout how long an approval may take before the execution fails (default 24 hours)
 */
public record Environment(
        String name,
        String region,
        ZoneId zone,
        Optional<String> account,
        boolean isProtected,
        Optional<String> costCenter,
        Map<String, String> tags,
        ScheduleConfig schedule,
        List<HolidayRule> holidays,
        List<ScheduleOverride> overrides,
        Optional<Instant> expires,
        Optional<Phase> base,
        Phase runtime,
        Optional<BudgetPolicy> budget,
        RollbackConfig rollback,
        Notifications notifications,
        Duration lockWait,
        Duration approvalTimeout) {

    /** The tag value of {@code Application} and {@code ManagedBy}. */
    public static final String APPLICATION = "dayshift";

    public Environment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(costCenter, "costCenter");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(schedule, "schedule");
        holidays = List.copyOf(holidays);
        overrides = List.copyOf(overrides);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    }

    /** The phase by name, if the environment has it (the runtime always exists). */
    public Optional<Phase> phase(PhaseName phase) {
        return phase == PhaseName.RUNTIME ? Optional.of(runtime) : base;
    }

    /**
     * Every tag to put on what is deployed for this environment: {@code Environment},
     * {@code Application}, {@code ManagedBy}, {@code CostCenter} (when set), then the declared tags,
     * which may not override the first four. Iteration order is stable.
     */
    public Map<String, String> allTags() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Environment", name);
        all.put("Application", APPLICATION);
        all.put("ManagedBy", APPLICATION);
        costCenter.ifPresent(c -> all.put("CostCenter", c));
        tags.forEach(all::putIfAbsent);
        return all;
    }
}
