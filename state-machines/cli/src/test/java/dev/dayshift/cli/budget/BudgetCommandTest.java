package dev.dayshift.cli.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cli.Dayshift;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetCommandTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Dayshift.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void unblockLiftsTheBlockABudgetNotificationSetAndThenSaysThereIsNone(@TempDir Path dir) throws IOException {
        Path config = Files.copy(ROOT.resolve("docs/examples/dayshift.example.yaml"), dir.resolve("dayshift.yaml"));
        String state = dir.resolve(".dayshift/state").toString();
        assertThat(run("events", "replay", ROOT.resolve("docs/events/budgets-actual-dev.json").toString(),
                "--config", config.toString(), "--state", state)).contains("\"action\":\"stop-runtime\"");
        assertThat(run("budget", "unblock", "--env", "dev", "--config", config.toString()))
                .startsWith("lifted the budget block of dev").contains("ACTUAL $412.37");
        assertThat(run("budget", "unblock", "--env", "dev", "--config", config.toString())).contains("dev has no budget block");
        assertThat(run("events", "replay", ROOT.resolve("docs/events/budgets-actual-dev.json").toString(),
                "--config", config.toString(), "--state", state)).as("not blocked again this period")
                .contains("\"action\":\"ignored\"");
    }
}
