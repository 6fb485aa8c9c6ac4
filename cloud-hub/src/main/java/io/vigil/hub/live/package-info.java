/** The live WebSocket feed at {@code /api/v1/live}: what each commit changed, pushed to the twin as JSON text. */
package io.vigil.hub.live;
