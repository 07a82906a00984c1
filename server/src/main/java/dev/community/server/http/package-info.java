/**
 * The public port's HTTP layer: the pipeline initializer (the one place that adds and removes stages, named in
 * {@code PipelineStage}, WebSocket ones included), the request deadline that stops slowloris clients, JSON error
 * responses, and the router for the token endpoint, the specs, the REST API and the Lounge.
 */
package dev.community.server.http;
