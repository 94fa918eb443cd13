package org.cnpgrehearsal.report;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.util.BadInputException;

/** The JSON form of reports: ISO-8601 instants, pretty-printed, unknown keys ignored on reading (newer reports). */
public final class ReportJson {

    public static final String FILE = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static {
        // lists left out of the JSON (empty ones are, in some records) read back as empty lists, not null
        MAPPER.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        MAPPER.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Reads {@code report.json} from a report folder, or the file itself. Problems are bad input (one line). */
    public static RehearsalReport read(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
        if (!Files.exists(dirOrFile)) {
            throw new BadInputException("report folder " + dirOrFile
                    + " does not exist: pass the folder of an earlier rehearsal (it holds report.json)");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no report.json in " + dirOrFile + ": pass the folder of an earlier rehearsal");
        }
        try {
            RehearsalReport r = MAPPER.readValue(file.toFile(), RehearsalReport.class);
            if (r == null) {
                throw new BadInputException(file + " is empty: it is not a rehearsal report");
            }
            return r;
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new BadInputException(file + " is not a readable rehearsal report: " + msg);
        }
    }

    private ReportJson() {}
}
