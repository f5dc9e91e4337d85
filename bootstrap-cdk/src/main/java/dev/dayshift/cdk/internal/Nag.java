package dev.dayshift.cdk.internal;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, each with its reason. Every suppression the app makes goes through here so
 * that none is made without one.
 */
public final class Nag {

    private Nag() {
    }

    /** Suppresses rule {@code id} (e.g. {@code AwsSolutions-S1}) on {@code construct} and its children. */
    public static void suppress(IConstruct construct, String id, String reason) {
        NagSuppressions.addResourceSuppressions(construct, List.of(
                NagPackSuppression.builder().id(id).reason(reason).build()), true);
    }

    /**
     * Suppresses rule {@code id} only for findings matching one of {@code regexes} (JavaScript
     * regular expressions such as {@code /^Resource::.*\/dev\/\*$/}), for findings whose text
     * holds generated logical ids.
     */
    public static void suppressMatching(IConstruct construct, String id, String reason, List<String> regexes) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(id).reason(reason)
                .appliesTo(regexes.stream().map(r -> RegexAppliesTo.builder().regex(r).build()).toList()).build()), true);
    }

    /** Suppresses rule {@code id} only for the findings named in {@code appliesTo} (e.g. {@code Resource::*}). */
    public static void suppress(IConstruct construct, String id, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(construct, List.of(
                NagPackSuppression.builder().id(id).reason(reason).appliesTo(appliesTo).build()), true);
    }
}
