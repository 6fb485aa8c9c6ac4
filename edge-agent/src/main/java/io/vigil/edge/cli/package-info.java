/**
 * {@code vigil agent}: {@link AgentCommand}, contributed to the launcher by {@link AgentCommands}.
 */
package io.vigil.edge.cli;
