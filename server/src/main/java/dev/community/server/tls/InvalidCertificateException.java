package dev.community.server.tls;

/** A certificate/key pair that cannot be served; the message says why in terms an operator can act on. */
public final class InvalidCertificateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
        super(message);
    }

    public InvalidCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
