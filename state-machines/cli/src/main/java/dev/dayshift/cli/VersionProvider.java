package dev.dayshift.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest, which Maven writes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Dayshift.class.getPackage().getImplementationVersion();
        return new String[] {"dayshift " + (v == null ? "(development build)" : v)};
    }
}
