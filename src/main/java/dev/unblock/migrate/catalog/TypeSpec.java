package dev.unblock.migrate.catalog;

import java.util.Map;

/**
 * What the engine knows about a type of a sync library (before migration), e.g. {@code requests.Session}.
 *
 * @param asyncContextManager {@code with x:} becomes {@code async with x:} after migration
 * @param asyncIterable       {@code for v in x:} becomes {@code async for v in x:} after migration
 * @param renamedAttributes   attributes with another name on the async type ({@code ok} → {@code is_success})
 * @param attributeTypes      attributes that hold other known types ({@code Elasticsearch.indices})
 * @param itemType            the type of {@code x[key]}, or null ({@code MongoClient["db"]} → a database)
 * @param ruleId              the rule that owns it
 */
public record TypeSpec(String name, boolean asyncContextManager, boolean asyncIterable,
                       Map<String, String> renamedAttributes, Map<String, String> attributeTypes, String itemType,
                       String ruleId) {
    public TypeSpec {
        renamedAttributes = Map.copyOf(renamedAttributes);
        attributeTypes = Map.copyOf(attributeTypes);
    }
}
