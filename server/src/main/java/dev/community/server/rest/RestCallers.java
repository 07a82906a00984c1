package dev.community.server.rest;

import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.budget.Budgets;
import dev.community.server.http.AnonymousBudget;

/**
 * Who may call the REST API and how much, judged before a route runs: the authenticator of the bearer JWT, the
 * budget of callers without a valid one (by address), and each user's request rate and calls in progress.
 */
public record RestCallers(JwtAuthenticator authenticator, AnonymousBudget anonymous, Budgets budgets) {
}
