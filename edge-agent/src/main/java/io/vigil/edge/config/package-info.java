/**
 * {@code agent.yaml}: {@link ConfigReader} reads it in two passes (key positions, then Jackson into {@link
 * YamlSections}), {@link ConfigBinder} turns that into the validated {@link AgentConfig} records, and every problem
 * is one {@link ConfigException} naming file, line, column and key.
 */
package io.vigil.edge.config;
