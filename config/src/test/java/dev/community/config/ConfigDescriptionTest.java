package dev.community.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigDescriptionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            redis://cache:6379                                      | redis://cache:6379
            redis://:hunter2@cache:6379/0                           | redis://:****@cache:6379/0
            redis://alice:hunter2@cache                             | redis://alice:****@cache
            rediss://hunter2@cache                                  | rediss://****@cache
            redis-sentinel://hunter2@h1:26379,h2:26379/0#mymaster   | redis-sentinel://****@h1:26379,h2:26379/0#mymaster
            redis://alice:p@ss:word@cache                           | redis://alice:****@cache
            jdbc:postgresql://db:5432/app                           | jdbc:postgresql://db:5432/app
            jdbc:postgresql://db/app?user=u&password=hunter2        | jdbc:postgresql://db/app?user=u&password=****
            jdbc:postgresql://db/app?password=hunter2&ssl=true      | jdbc:postgresql://db/app?password=****&ssl=true
            jdbc:postgresql://db/app?PASSWORD=hunter2               | jdbc:postgresql://db/app?PASSWORD=****
            jdbc:postgresql://u:hunter2@db/app                      | jdbc:postgresql://u:****@db/app
            jdbc:postgresql://db/app?user=me@corp                   | jdbc:postgresql://db/app?user=me@corp
            """)
    void masksPasswordsInUrls(String url, String masked) {
        assertThat(ConfigDescription.maskUrl(url)).isEqualTo(masked);
    }
}
