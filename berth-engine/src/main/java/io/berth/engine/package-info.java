/** The container engine: services, state machine, spec generation. */
package io.berth.engine;
