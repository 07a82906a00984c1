/** Who is on the other end of a public connection: the client address, through trusted proxies. */
package dev.community.server.net;
