/**
 * Labels: what people say really happened on an asset over a time range or at an event (a true fault, a false alarm,
 * maintenance, normal running), with who said it and when. Stored at the hub ({@link LabelStore}), served at {@code
 * /api/v1/labels} ({@link LabelRoutes}), attached to the events they cover, and read by training from the hub's history
 * to leave faults and maintenance out of what a model learns as normal.
 */
package io.vigil.hub.labels;
