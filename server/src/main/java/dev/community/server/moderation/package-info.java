/**
 * Content moderation before storage (an automatic check of each message, such as a classifier): the {@link
 * dev.community.server.moderation.ContentModerator} hook every message and edit passes before it is stored,
 * its built-in word/regex filter, and {@link dev.community.server.moderation.ContentModeration}, which applies a
 * verdict and writes its audit entries (source {@code ai}).
 */
package dev.community.server.moderation;
