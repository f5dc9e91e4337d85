package dev.dayshift.cli.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.functions.images.EncodedVariant;
import dev.dayshift.functions.images.ImageFailedException;
import dev.dayshift.functions.images.ImageHeader;
import dev.dayshift.functions.images.ImageRejectedException;
import dev.dayshift.functions.images.ImageTransformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dayshift image ...}: the image pipeline, locally. */
@Command(name = "image", description = "Run the image pipeline locally.", subcommands = ImageCommand.Transform.class,
        mixinStandardHelpOptions = true)
public final class ImageCommand {

    /** {@code dayshift image transform FILE... --out DIR [--config FILE]}. */
    @Command(name = "transform", mixinStandardHelpOptions = true,
            description = {"Turns each image into the configured variants, as the Lambda does, into DIR/<variant>/<file name>.<ext>.",
                "Prints one JSON line per input: status ok (with the variants), rejected (with the reason) or failed.",
                "Exit 0 when every input was handled (a rejected input is handled), 1 when one failed for a reason",
                "that is not the input's, 2 on bad usage, 3 when libvips cannot be loaded on this machine."})
    static final class Transform implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Images to transform.")
        List<Path> inputs;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
        Path out;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Configuration file whose images section lists the variants (default: the built-in three).")
        Path config;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
                description = "Worker threads libvips uses per image (default: one per core).")
        int threads;

        @Spec
        CommandSpec spec;

        private final ObjectMapper json = new ObjectMapper();

        @Override
        public Integer call() {
            checkUsage();
            ImagePipelineConfig pipeline = config == null ? ImagePipelineConfig.defaults() : ConfigLoader.loadImages(config);
            ImageTransformer transformer = ImageTransformer.create(threads);
            PrintWriter stdout = spec.commandLine().getOut();
            boolean failed = false;
            for (Path input : inputs) {
                ObjectNode line = transformOne(transformer, pipeline, input);
                failed |= "failed".equals(line.path("status").asText());
                stdout.println(line.toString());
                stdout.flush();
            }
            return failed ? ExitCodes.FAILED : ExitCodes.OK;
        }

        private void checkUsage() {
            if (threads < 0) {
                throw usage("--threads must be 0 or more, was " + threads);
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw usage("--out " + out + " exists and is not a directory");
            }
            Map<String, Path> names = new HashMap<>();
            for (Path input : inputs) {
                if (!Files.exists(input)) {
                    throw usage("input file not found: " + input);
                }
                if (!Files.isRegularFile(input)) {
                    throw usage("input is not a regular file: " + input);
                }
                Path previous = names.put(input.getFileName().toString(), input);
                if (previous != null && !previous.equals(input)) {
                    throw usage("inputs " + previous + " and " + input + " share the file name '" + input.getFileName()
                            + "'; their variants would overwrite each other in " + out);
                }
            }
        }

        private ObjectNode transformOne(ImageTransformer transformer, ImagePipelineConfig pipeline, Path input) {
            ObjectNode line = json.createObjectNode();
            line.put("input", input.toString());
            long start = System.nanoTime();
            try {
                ImageTransformer.checkSize(Files.size(input), pipeline);
                byte[] bytes = Files.readAllBytes(input);
                ImageHeader header = ImageTransformer.inspect(bytes, pipeline);
                List<EncodedVariant> variants = transformer.transform(bytes, pipeline);
                ArrayNode written = json.createArrayNode();
                List<Path> files = new ArrayList<>();
                for (EncodedVariant v : variants) {
                    Path file = out.resolve(v.variant().name()).resolve(input.getFileName() + "." + v.extension());
                    writeAtomically(file, v.bytes());
                    files.add(file);
                    written.addObject().put("name", v.variant().name()).put("path", file.toString())
                            .put("width", v.width()).put("height", v.height()).put("bytes", v.bytes().length)
                            .put("contentType", v.contentType());
                }
                line.put("status", "ok");
                line.put("format", header.format().name());
                line.put("width", header.width());
                line.put("height", header.height());
                line.set("variants", written);
            } catch (ImageRejectedException e) {
                line.put("status", "rejected");
                line.put("reason", e.reason().id());
                line.put("message", e.getMessage());
            } catch (ImageFailedException e) {
                line.put("status", "failed");
                line.put("message", e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                line.put("status", "failed");
                line.put("message", "I/O error: " + e.getMessage());
            }
            line.put("millis", (System.nanoTime() - start) / 1_000_000);
            return line;
        }

        private static void writeAtomically(Path file, byte[] bytes) throws IOException {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".dayshift-", ".part");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
