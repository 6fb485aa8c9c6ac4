package io.vigil.edge.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads {@code agent.yaml} in two passes: a token scan that remembers where every key path starts, then Jackson
 * binding into {@link YamlSections} (unknown keys and wrong types fail here with Jackson's location), then
 * {@link ConfigBinder} turning the loose sections into validated records, reporting each problem at the line of the
 * key it concerns.
 */
final class ConfigReader {
    private final Path file;
    private final String name;
    private YamlLocations locations;

    ConfigReader(Path file) {
        this.file = file;
        this.name = file.getFileName() == null
                ? file.toString()
                : file.getFileName().toString();
    }

    AgentConfig read() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file (" + e + ")");
        }
        if (text.isBlank()) {
            throw new ConfigException(name + ":1:1: the file is empty (expected agent, hub, devices, models)");
        }
        var factory = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        var mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        YamlSections.Root root;
        try (JsonParser parser = factory.createParser(text)) {
            locations = YamlLocations.scan(parser);
            root = mapper.readValue(text, YamlSections.Root.class);
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(format(e.getLocation(), "", "invalid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file (" + e + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new ConfigBinder(this, dir).bind(root);
    }

    /** Runs a conversion, turning any {@link RuntimeException} into a {@link ConfigException} at the path. */
    <T> T at(String path, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(path, e.getMessage());
        }
    }

    ConfigException fail(String path, String problem) {
        return new ConfigException(format(locations.find(path), path, problem));
    }

    private ConfigException translate(JsonMappingException e) {
        String path = pathOf(e.getPath());
        JsonLocation loc = locations == null ? null : locations.find(path);
        if (loc == null || path.isEmpty()) {
            loc = e.getLocation();
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown key (expected one of " + keysOf(u.getReferringClass()) + ")";
        } else if (e instanceof InvalidFormatException f) {
            problem = "expected " + describe(f.getTargetType()) + ", got '" + f.getValue() + "'";
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            problem = "expected " + describe(m.getTargetType());
        } else {
            problem = e.getOriginalMessage();
        }
        return new ConfigException(format(loc, path, problem));
    }

    private String format(JsonLocation loc, String path, String problem) {
        String where = loc == null ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
        return where + ": " + (path.isEmpty() ? "" : path + ": ") + problem;
    }

    private static String pathOf(List<JsonMappingException.Reference> refs) {
        var sb = new StringBuilder();
        for (var ref : refs) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String keysOf(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return "?";
        }
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.joining(", "));
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping of keys (" + keysOf(type) + ")";
    }
}
