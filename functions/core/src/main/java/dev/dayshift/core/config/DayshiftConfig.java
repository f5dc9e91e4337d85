package dev.dayshift.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated configuration file: the environments and the image pipeline.
 * Built by {@link ConfigLoader}; never holds an invalid value.
 *
 * @param source the file it was read from
 * @param environments by name, in file order
 * @param images the image pipeline settings (defaults when the file has no {@code images} section)
 */
public record DayshiftConfig(Path source, Map<String, Environment> environments, ImagePipelineConfig images) {

    public DayshiftConfig {
        Objects.requireNonNull(source, "source");
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        Objects.requireNonNull(images, "images");
    }

    /** The environment with that name, if declared. */
    public Optional<Environment> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    /** The environment with that name, or a {@link ConfigException} naming the ones that exist. */
    public Environment requireEnvironment(String name) {
        Environment env = environments.get(name);
        if (env == null) {
            throw new ConfigException("unknown environment '" + name + "' in " + source
                    + " (declared: " + String.join(", ", environments.keySet()) + ")", List.of());
        }
        return env;
    }

    /** An alarm's environment and rollback target: alarm names are unique across the file. */
    public Optional<AlarmBinding> rollbackTargetForAlarm(String alarmName) {
        for (Environment env : environments.values()) {
            for (RollbackTarget target : env.rollback().targets()) {
                if (target.alarms().contains(alarmName)) {
                    return Optional.of(new AlarmBinding(env, target));
                }
            }
        }
        return Optional.empty();
    }

    /** The environment whose budget has that AWS Budgets name. */
    public Optional<Environment> environmentForBudget(String budgetName) {
        return environments.values().stream()
                .filter(e -> e.budget().map(b -> b.name().equals(budgetName)).orElse(false))
                .findFirst();
    }

    /** An alarm's place in the configuration. */
    public record AlarmBinding(Environment environment, RollbackTarget target) {
    }
}
