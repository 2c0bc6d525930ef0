/** Registry HTTP API v2 / OCI distribution client: endpoints, auth, TLS and mirrors. */
package io.berth.distribution;
