/**
 * TLS on the public port: the certificate pair read from PEM files and checked ({@link
 * dev.community.server.tls.CertificatePair}), the context every new connection is handed, replaced without a restart
 * when the pair is renewed ({@link dev.community.server.tls.ReloadableTls}, {@link
 * dev.community.server.tls.CertificateWatcher}), and the handlers a listener adds to its pipeline ({@link
 * dev.community.server.tls.ListenerTransport}).
 */
package dev.community.server.tls;
