package dev.dayshift.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dayshift.asl.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the validator to asl-validator 4.0.0 (scripts/node, installed by scripts/test): every definition that
 * asl-validator rejects, among hundreds of mutations of valid ones (each field removed, retyped, or joined by an
 * unknown one), the engine rejects too, with a JSON pointer to where.
 */
class AslValidatorParityTest {
    /**
     * asl-validator compiles its schemas on every call (a quarter of a CPU second each), so the suite checks an
     * even spread of this many mutations; {@code -Ddayshift.aslValidator.all=true} checks every one of them.
     */
    private static final int MAX_DEFINITIONS = Boolean.getBoolean("dayshift.aslValidator.all") ? Integer.MAX_VALUE : 60;

    @TempDir
    Path tmp;

    private static final String[] BASES = {
        "{'Comment':'all JSONPath kinds','StartAt':'P','States':{"
            + "'P':{'Type':'Pass','InputPath':'$.in','Parameters':{'a.$':'$.x','b':1},'ResultPath':'$.r','OutputPath':'$','Next':'T'},"
            + "'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'f','Payload.$':'$'},"
            + "'ResultSelector':{'v.$':'$.Payload'},'TimeoutSeconds':30,'HeartbeatSeconds':10,"
            + "'Retry':[{'ErrorEquals':['States.Timeout'],'IntervalSeconds':2,'MaxAttempts':3,'BackoffRate':2}],"
            + "'Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.e','Next':'F'}],'Next':'C'},"
            + "'C':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericGreaterThan':1,'Next':'W'},"
            + "{'And':[{'Variable':'$.s','StringEquals':'x'},{'Not':{'Variable':'$.b','BooleanEquals':true}}],'Next':'M'}],'Default':'S'},"
            + "'W':{'Type':'Wait','Seconds':5,'Next':'M'},"
            + "'M':{'Type':'Map','ItemsPath':'$.items','MaxConcurrency':2,'ItemSelector':{'i.$':'$$.Map.Item.Value'},"
            + "'ItemProcessor':{'ProcessorConfig':{'Mode':'INLINE'},'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}},'Next':'Par'},"
            + "'Par':{'Type':'Parallel','Branches':[{'StartAt':'B','States':{'B':{'Type':'Succeed'}}}],'Next':'S'},"
            + "'S':{'Type':'Succeed'},"
            + "'F':{'Type':'Fail','Error':'E','Cause':'C'}}}",
        "{'QueryLanguage':'JSONata','StartAt':'P','States':{"
            + "'P':{'Type':'Pass','Output':'{% $states.input %}','Assign':{'x':'{% 1 %}'},'Next':'T'},"
            + "'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Arguments':{'FunctionName':'f'},"
            + "'Output':'{% $states.result %}','Next':'C'},"
            + "'C':{'Type':'Choice','Choices':[{'Condition':'{% $x = 1 %}','Next':'W'}],'Default':'F'},"
            + "'W':{'Type':'Wait','Seconds':'{% 1 %}','Next':'M'},"
            + "'M':{'Type':'Map','Items':'{% [1,2] %}','ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Succeed'}}},'End':true},"
            + "'F':{'Type':'Fail','Error':'E'}}}",
        "{'Comment':'distributed map, more operators','StartAt':'C','TimeoutSeconds':600,'States':{"
            + "'C':{'Type':'Choice','Choices':[{'Variable':'$.t','TimestampLessThanEquals':'2024-01-01T00:00:00Z','Next':'W'},"
            + "{'Or':[{'Variable':'$.s','StringMatches':'a*'},{'Variable':'$.n','NumericEqualsPath':'$.m'},"
            + "{'Variable':'$.p','IsPresent':false}],'Next':'D'}],'Default':'X'},"
            + "'W':{'Type':'Wait','TimestampPath':'$.t','Next':'T'},"
            + "'T':{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken',"
            + "'Parameters':{'QueueUrl':'q','MessageBody':{'token.$':'$$.Task.Token'}},'HeartbeatSecondsPath':'$.hb',"
            + "'Credentials':{'RoleArn':'arn:aws:iam::123456789012:role/r'},'Next':'D'},"
            + "'D':{'Type':'Map','ItemReader':{'Resource':'arn:aws:states:::s3:getObject','ReaderConfig':{'InputType':'JSON','MaxItems':10},"
            + "'Parameters':{'Bucket':'b','Key':'k'}},'ItemBatcher':{'MaxItemsPerBatch':5,'BatchInput':{'x.$':'$.x'}},"
            + "'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'b','Prefix':'p'}},"
            + "'ToleratedFailurePercentage':5,'Label':'L','MaxConcurrency':10,"
            + "'ItemProcessor':{'ProcessorConfig':{'Mode':'DISTRIBUTED','ExecutionType':'EXPRESS'},'StartAt':'I',"
            + "'States':{'I':{'Type':'Pass','End':true}}},'ResultPath':null,'End':true},"
            + "'X':{'Type':'Fail','ErrorPath':'$.e','CausePath':'$.c'}}}",
    };

    private static Path findUp(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void everyDefinitionAslValidatorRejects_isRejectedWithALocation() throws Exception {
        Path lib = findUp("scripts/node/node_modules/asl-validator");
        assumeTrue(lib != null && Files.isDirectory(lib.resolve("dist")),
                "asl-validator is not installed (scripts/test installs it with scripts/lib/node.sh)");
        assumeTrue(onPath("node"), "node is not on PATH");

        List<Object> defs = new ArrayList<>();
        for (String base : BASES) {
            Object def = Json.parse(base.replace('\'', '"'));
            defs.add(def);
            mutations(def, def, new ArrayList<>(), defs);
        }
        // An even spread of at most MAX_DEFINITIONS mutations, always the same ones.
        if (defs.size() > MAX_DEFINITIONS) {
            List<Object> spread = new ArrayList<>();
            double step = defs.size() / (double) MAX_DEFINITIONS;
            for (int i = 0; i < MAX_DEFINITIONS; i++) {
                spread.add(defs.get((int) (i * step)));
            }
            defs = spread;
        }
        List<?> verdicts = aslValidator(lib, defs);
        assertThat(verdicts).hasSize(defs.size());

        int rejected = 0;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            Map<?, ?> v = (Map<?, ?>) verdicts.get(i);
            if (Boolean.TRUE.equals(v.get("valid"))) {
                continue;
            }
            rejected++;
            List<AslProblem> ours = StateMachine.validate(Json.write(defs.get(i)));
            if (ours.isEmpty()) {
                misses.add(Json.write(defs.get(i)) + "\n    asl-validator: " + v.get("errors"));
            }
        }
        System.out.println("asl-validator parity: " + defs.size() + " definitions, " + rejected
                + " rejected by asl-validator, " + misses.size() + " of those accepted by the engine");
        assertThat(rejected).as("asl-validator rejects some mutations").isGreaterThan(Math.min(defs.size() / 3, 60));
        assertThat(misses).as("definitions asl-validator rejects but the engine accepts").isEmpty();
        // The unmutated bases are valid for both.
        assertThat(StateMachine.validate(Json.write(defs.get(0)))).isEmpty();
    }

    /** Each object in the definition: every field removed, retyped, and an unknown field added. */
    @SuppressWarnings("unchecked")
    private static void mutations(Object root, Object node, List<Object> path, List<Object> out) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                List<Object> p = new ArrayList<>(path);
                p.add(k);
                out.add(edit(root, p, null, true));
                Object val = m.get(k);
                if (k.equals("Output")) {
                    // asl-validator wants a JSONata Output to be a string or an object; AWS takes any JSON value
                    // (recorded in shared/conformance: "Output": 0.1 outputs 0.1), so Output is not retyped here.
                    mutations(root, val, p, out);
                    continue;
                }
                Object other = val instanceof String ? 42L : val instanceof Number ? "x" : val instanceof Boolean
                        ? "true" : val instanceof List ? "[]" : val instanceof Map ? List.of() : "null";
                out.add(edit(root, p, other, false));
                if (val instanceof String s && (k.equals("Next") || k.equals("Default") || k.equals("StartAt"))) {
                    out.add(edit(root, p, s + "Missing", false));
                }
                if (val instanceof String s && s.startsWith("$")) {
                    out.add(edit(root, p, s + "[?(", false));
                }
                mutations(root, val, p, out);
            }
            List<Object> p = new ArrayList<>(path);
            p.add("Bogus");
            out.add(edit(root, p, 1L, false));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                mutations(root, l.get(i), p, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object edit(Object node, List<Object> path, Object value, boolean remove) {
        if (path.isEmpty()) {
            return value;
        }
        Object key = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
            if (rest.isEmpty()) {
                if (remove) {
                    copy.remove((String) key);
                } else {
                    copy.put((String) key, value);
                }
            } else {
                copy.put((String) key, edit(m.get(key), rest, value, remove));
            }
            return copy;
        }
        List<Object> copy = new ArrayList<>((List<Object>) node);
        int i = (Integer) key;
        if (rest.isEmpty()) {
            if (remove) {
                copy.remove(i);
            } else {
                copy.set(i, value);
            }
        } else {
            copy.set(i, edit(copy.get(i), rest, value, remove));
        }
        return copy;
    }

    private List<?> aslValidator(Path lib, List<Object> defs) throws IOException, InterruptedException {
        Path script = tmp.resolve("validate-many.js");
        try (var in = getClass().getResourceAsStream("/asl-validator/validate-many.js")) {
            Files.write(script, in.readAllBytes());
        }
        Path input = tmp.resolve("defs.json");
        Files.writeString(input, Json.write(defs), StandardCharsets.UTF_8);
        Path output = tmp.resolve("out.json");
        Process p = new ProcessBuilder("node", script.toString(), lib.toString(), input.toString())
                .redirectOutput(output.toFile()).redirectErrorStream(false).start();
        long limit = Math.max(120, defs.size() * 3L);
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("asl-validator did not finish " + defs.size() + " definitions in " + limit + " s");
        }
        assertThat(p.exitValue()).as("node exit code: " + new String(p.getErrorStream().readAllBytes())).isZero();
        return (List<?>) Json.parse(Files.readString(output));
    }

    private static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, cmd))) {
                return true;
            }
        }
        return false;
    }
}
