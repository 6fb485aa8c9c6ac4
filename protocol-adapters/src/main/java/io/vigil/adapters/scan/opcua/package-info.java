/**
 * The scanner's OPC UA probe over the raw binary protocol: Hello, OpenSecureChannel with security None and
 * GetEndpoints ({@link OpcUaProbe}, messages in {@link UaMessages}, encoding in {@link UaBinary}). Shares nothing
 * with the Milo-based driver.
 */
package io.vigil.adapters.scan.opcua;
