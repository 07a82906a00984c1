package dev.community.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code -V} / {@code --version} prints: the build's version, stamped into version.properties by Maven. */
final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** The project version this build was made from, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"community-server " + number()};
    }
}
