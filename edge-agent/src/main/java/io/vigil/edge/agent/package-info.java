/**
 * The running edge agent: {@link Agent} assembles devices, windows, scoring and forwarding from an {@code
 * AgentConfig} and runs them until closed; {@link AgentStats} is its status line; {@link RepeatFilter} drops
 * samples a server sent twice.
 */
package io.vigil.edge.agent;
