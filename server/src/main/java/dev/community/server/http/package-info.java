/**
 * The public port's HTTP layer: the pipeline initializer, the request deadline that stops slowloris clients,
 * JSON error responses, and the router for the token endpoint and the REST API.
 */
package dev.community.server.http;
