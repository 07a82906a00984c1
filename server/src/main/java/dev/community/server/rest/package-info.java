/**
 * The REST API of PROTOCOL.md §3 on the public port: a route table, bearer authentication, the contract's
 * error bodies, and one class of endpoints per resource. Database work runs on the blocking executor.
 */
package dev.community.server.rest;
