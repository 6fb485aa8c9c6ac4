/**
 * The model registry: packages uploaded to the hub ({@link io.vigil.hub.models.UploadCheck}), stored on disk by
 * content ({@link io.vigil.hub.models.PackageStore}), their versions and stages in PostgreSQL
 * ({@link io.vigil.hub.models.ModelRegistry}), and the REST routes people and agents use
 * ({@link io.vigil.hub.models.ModelRoutes}): upload, list, download, stage changes, agent assignments and the rollout
 * decisions and drift events agents report.
 */
package io.vigil.hub.models;
