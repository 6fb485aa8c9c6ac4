package io.vigil.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The twin is shipped without a JavaScript build, so nothing but these checks notices a broken reference before a
 * browser does: a renamed module, a bumped Chart.js WebJar whose path moved, or a CDN link that would fail on a plant
 * network with no internet. The browser behaviour itself is tested in cloud-hub's {@code TwinPageIT}.
 */
@Timeout(10)
class TwinResourcesTest {
    private static final String ROOT = "META-INF/resources";
    private static final List<String> FILES = List.of(
            "index.html",
            "style.css",
            "app.js",
            "api.js",
            "assets.js",
            "events.js",
            "format.js",
            "health.js",
            "live.js",
            "login.js",
            "trend.js");
    private static final Pattern PAGE_REF = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import .* from '([^']+)';$");

    @Test
    void indexReferencesOnlyResourcesOnTheClassPath() {
        List<String> refs = matches(PAGE_REF, read("twin/index.html"));

        assertThat(refs)
                .contains("/twin/app.js", "/twin/style.css", "/webjars/chart.js/4.5.1/dist/chart.umd.js")
                .allSatisfy(ref -> assertThat(exists(ref.substring(1)))
                        .as("index.html references %s, which is not on the class path", ref)
                        .isTrue());
    }

    @Test
    void everyModuleImportIsARelativeFileOfTheTwin() {
        for (String file : FILES.stream().filter(f -> f.endsWith(".js")).toList()) {
            for (String target : matches(IMPORT, read("twin/" + file))) {
                assertThat(target).as("import in %s", file).startsWith("./").endsWith(".js");
                assertThat(exists("twin/" + target.substring(2)))
                        .as("%s imports %s, which does not exist", file, target)
                        .isTrue();
            }
        }
    }

    @Test
    void pageLoadsNothingFromOutsideTheHub() {
        assertThat(FILES).allSatisfy(file -> assertThat(read("twin/" + file))
                .as("%s must not reach the internet (plants have none)", file)
                .doesNotContain("http://", "https://", "src=\"//", "href=\"//", "@import url("));
    }

    @Test
    void indexCarriesTheElementsTheScriptsAndTestsRelyOn() {
        String index = read("twin/index.html");

        Stream.of("conn", "health", "assets", "trend", "trend-message", "trend-label", "events", "events-empty")
                .forEach(id -> assertThat(index).contains("id=\"" + id + "\""));
        assertThat(index).contains("data-trend-points=\"0\"", "<html lang=\"en\">", "name=\"viewport\"");
    }

    private static List<String> matches(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.results().map(r -> r.group(1)).toList();
    }

    private static boolean exists(String path) {
        return TwinResourcesTest.class.getClassLoader().getResource(ROOT + "/" + path) != null;
    }

    private static String read(String path) {
        try (InputStream in = TwinResourcesTest.class.getClassLoader().getResourceAsStream(ROOT + "/" + path)) {
            assertThat(in).as("%s/%s on the class path", ROOT, path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
