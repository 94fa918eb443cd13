package org.cnpgrehearsal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cnpgrehearsal.estimate.Estimate;

/** Writes a rehearsal's {@code report.json}, {@code report.md} and {@code report.html} into one folder. */
public final class ReportWriter {

    public static final String JSON = ReportJson.FILE;
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";

    /**
     * Writes the three files into {@code dir} (created when missing). A non-null {@code estimateOrNull} replaces the
     * report's estimate. Returns {@code dir}.
     */
    public static Path write(RehearsalReport report, Estimate estimateOrNull, Path dir) {
        RehearsalReport r = estimateOrNull == null ? report : report.withEstimate(estimateOrNull);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON), ReportJson.toJson(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(MARKDOWN), MarkdownReport.render(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(HTML), HtmlReport.render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Writes {@code estimate.json}, {@code estimate.md} and {@code estimate.html} (for {@code estimate --out}). */
    public static Path writeEstimate(Estimate estimate, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("estimate.json"), ReportJson.toJson(estimate), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("estimate.md"), MarkdownReport.renderEstimate(estimate), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("estimate.html"), HtmlReport.renderEstimate(estimate), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the estimate into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private ReportWriter() {}
}
