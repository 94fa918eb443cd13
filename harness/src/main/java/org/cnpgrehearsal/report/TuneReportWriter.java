package org.cnpgrehearsal.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a tune's {@code tune.json}, {@code report.md} and {@code report.html} into its report folder. */
public final class TuneReportWriter {

    public static final String JSON = "tune.json";

    public static Path write(TuneReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON), ReportJson.toJson(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(ReportWriter.MARKDOWN), TuneMarkdown.render(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(ReportWriter.HTML), TuneHtml.render(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tune's report into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private TuneReportWriter() {}
}
