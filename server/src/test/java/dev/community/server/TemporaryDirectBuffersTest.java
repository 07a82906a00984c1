package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launcher bounds the JDK's cached temporary direct buffers unless the command line already did. */
class TemporaryDirectBuffersTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(TemporaryDirectBuffers.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TemporaryDirectBuffers.PROPERTY);
        } else {
            System.setProperty(TemporaryDirectBuffers.PROPERTY, before);
        }
    }

    @Test
    void setsTheBoundWhenNoneIsGiven() {
        System.clearProperty(TemporaryDirectBuffers.PROPERTY);

        TemporaryDirectBuffers.bound();

        assertThat(System.getProperty(TemporaryDirectBuffers.PROPERTY)).isEqualTo("65536");
    }

    @Test
    void keepsTheOperatorsOwnValue() {
        System.setProperty(TemporaryDirectBuffers.PROPERTY, "1048576");

        TemporaryDirectBuffers.bound();

        assertThat(System.getProperty(TemporaryDirectBuffers.PROPERTY)).isEqualTo("1048576");
    }
}
