package dev.community.server.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/** What an endpoint answers: a status and a body object for the JSON codec (null for an empty body). */
public record RestResponse(HttpResponseStatus status, Object body) {
    public static RestResponse ok(Object body) {
        return new RestResponse(HttpResponseStatus.OK, body);
    }

    public static RestResponse created(Object body) {
        return new RestResponse(HttpResponseStatus.CREATED, body);
    }

    public static RestResponse noContent() {
        return new RestResponse(HttpResponseStatus.NO_CONTENT, null);
    }
}
