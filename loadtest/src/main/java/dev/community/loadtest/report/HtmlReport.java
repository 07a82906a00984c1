package dev.community.loadtest.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-contained HTML report: the result's JSON and Chart.js (read from its webjar on the classpath) inlined
 * into one page, so it opens anywhere without a network. The page draws the latency percentiles, throughput and
 * p99 over time, and the server's CPU and heap.
 */
public final class HtmlReport {
    static final String CHART_JS = "META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.js";
    private static final String TEMPLATE = "dev/community/loadtest/report/report-template.html";

    private HtmlReport() {
    }

    public static String render(RunResult result) {
        String json = JsonReport.toJson(result)
                // Inside <script>, "</" could end the element early; JSON allows the escaped slash.
                .replace("</", "<\\/");
        String chartJs = resource(CHART_JS).replace("</script", "<\\/script");
        String title = result.scenario() + " — " + result.startedAt() + (result.passed() ? " — audit passed" : " — AUDIT FAILED");
        return resource(TEMPLATE)
                .replace("__TITLE__", escape(title))
                .replace("__CHART_JS__", chartJs)
                .replace("__RESULT_JSON__", json);
    }

    public static void write(RunResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }

    private static String chartJsVersion() {
        try (InputStream in = HtmlReport.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the chart.js webjar is not on the classpath");
            }
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name, e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
