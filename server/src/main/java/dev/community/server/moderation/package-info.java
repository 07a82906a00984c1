/**
 * Content moderation (an automatic check of each message and edit): the {@link
 * dev.community.server.moderation.ContentModerator} hook, its built-in word/regex filter, the external classifier
 * in the moderation API's shape ({@link dev.community.server.moderation.HttpClassifier}, its thresholds in {@link
 * dev.community.server.moderation.ClassifierJudge}, its concurrency bound in {@code ClassifierGate}), and {@link
 * dev.community.server.moderation.ContentModeration}, which runs them in order (filter first), applies a verdict
 * before or after storage and writes its audit entries (source {@code ai}).
 */
package dev.community.server.moderation;
