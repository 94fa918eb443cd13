package org.cnpgrehearsal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.json and report.md (placeholder until the full renderers land). */
public final class ReportWriter {
    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public static Path write(RehearsalReport report, Object estimate, Path dir) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), report);
        StringBuilder md = new StringBuilder("# Rehearsal " + report.scenario() + ": " + report.outcome() + "\n\n");
        report.phases().forEach(p -> md.append("- ").append(p.name()).append(' ').append(p.durationMs()).append(" ms ").append(p.status().json()).append('\n'));
        Files.writeString(dir.resolve("report.md"), md);
        return dir;
    }

    private ReportWriter() {
    }
}
