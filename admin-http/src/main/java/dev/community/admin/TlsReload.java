package dev.community.admin;

import java.time.Instant;

/**
 * The answer of {@code POST /admin/tls/reload}: what the reload did and the certificate served afterwards.
 *
 * @param outcome     "replaced" (new connections get the renewed certificate) or "unchanged" (the files hold
 *                    the certificate already served); a refused pair is answered {@code 422 certificate_refused}
 * @param subject     the served certificate's subject
 * @param notAfter    when it expires
 * @param daysLeft    whole days until then
 * @param sha256      SHA-256 fingerprint of its DER encoding, hex
 */
public record TlsReload(String outcome, String subject, Instant notAfter, long daysLeft, String sha256) {
}
