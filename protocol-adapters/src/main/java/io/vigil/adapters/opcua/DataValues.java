package io.vigil.adapters.opcua;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * Turns an OPC UA {@link DataValue} into a {@link Sample}. The status code maps onto {@link Quality} by its severity
 * bits; a value that is not a number or a boolean (a string, an array, a structure) is {@code BAD}, because the
 * models downstream only take scalars. The source timestamp wins over the server timestamp; when the server sends
 * neither, the reader's clock stands in.
 */
final class DataValues {
    private DataValues() {}

    static Sample toSample(TagSpec tag, DataValue value, Instant fallbackTime) {
        Instant time = timeOf(value, fallbackTime);
        Quality quality = qualityOf(value.getStatusCode());
        double raw = rawOf(value.getValue() == null ? null : value.getValue().getValue());
        double engineering = tag.toEngineering(raw);
        if (quality == Quality.BAD || !Double.isFinite(engineering)) {
            return Sample.bad(tag.id(), time);
        }
        return new Sample(tag.id(), time, engineering, quality);
    }

    static Quality qualityOf(StatusCode status) {
        if (status == null || status.isGood()) {
            return Quality.GOOD;
        }
        return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
    }

    static double rawOf(Object value) {
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Double.NaN;
    }

    private static Instant timeOf(DataValue value, Instant fallback) {
        DateTime source = value.getSourceTime();
        if (source != null && source.isNotNull()) {
            return source.getJavaInstant();
        }
        DateTime server = value.getServerTime();
        return server != null && server.isNotNull() ? server.getJavaInstant() : fallback;
    }
}
