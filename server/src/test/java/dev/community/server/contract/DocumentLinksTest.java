package dev.community.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link in README.md and docs/ resolves inside this repository: a file that exists under the repository root
 * and, for a link into a Markdown file, a heading of that file. The contract must be readable from a clone alone.
 */
class DocumentLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

    /** The repository root: the server module's parent. */
    private final Path root = Path.of("").toAbsolutePath().getParent().normalize();

    @Test
    void everyLinkResolvesInsideTheRepository() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            String text = FENCE.matcher(Files.readString(document)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String problem = problem(document, link.group(1));
                if (problem != null) {
                    broken.add(root.relativize(document) + ": " + link.group(1) + " — " + problem);
                }
            }
        }
        assertThat(documents).hasSizeGreaterThan(5);
        assertThat(broken).isEmpty();
    }

    private String problem(Path document, String link) {
        if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "points outside the repository";
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!target.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor != null && target.toString().endsWith(".md") && !anchors(target).contains(anchor)) {
            return "no such heading";
        }
        return null;
    }

    /** The anchors a Markdown renderer gives the file's headings: lower case, punctuation dropped, spaces as '-'. */
    private static Set<String> anchors(Path markdown) {
        String text;
        try {
            text = FENCE.matcher(Files.readString(markdown)).replaceAll("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String slug = heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
