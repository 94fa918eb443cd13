package org.cnpgrehearsal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cnpgrehearsal.estimate.Estimate;
import org.cnpgrehearsal.results.SourcePrep;

/**
 * Writes a rehearsal's {@code report.json}, {@code report.md}, {@code report.html} and the source preparation it
 * assumed ({@code source-prep.sql}, {@code source-revert.sql}) into one folder.
 */
public final class ReportWriter {

    public static final String JSON = ReportJson.FILE;
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String ESTIMATE_HTML = "estimate.html";

    /** Writes the files into {@code dir} (created when missing). Returns {@code dir}. */
    public static Path write(RehearsalReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON), ReportJson.toJson(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(MARKDOWN), MarkdownReport.render(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(HTML), HtmlReport.render(report), StandardCharsets.UTF_8);
            Files.write(dir.resolve(SourcePrep.PREP_FILE), report.sourcePrep().prepScript(), StandardCharsets.UTF_8);
            Files.write(
                    dir.resolve(SourcePrep.REVERT_FILE), report.sourcePrep().revertScript(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Writes {@code estimate.json}, {@code estimate.md} and {@code estimate.html} ({@code estimate --out}, a sweep's
     * folder), linking to the rehearsals it read.
     */
    public static Path writeEstimate(
            Verdict verdict, Estimate estimate, List<MarkdownReport.Link> rehearsals, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("estimate.json"), ReportJson.toJson(estimate), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("estimate.md"),
                    MarkdownReport.renderEstimate(verdict, estimate, rehearsals),
                    StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve(ESTIMATE_HTML),
                    HtmlReport.renderEstimate(verdict, estimate, rehearsals),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the estimate into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private ReportWriter() {}
}
