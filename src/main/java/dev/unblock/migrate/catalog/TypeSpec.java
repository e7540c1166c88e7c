package dev.unblock.migrate.catalog;

import java.util.Map;

/**
 * What the engine knows about a type of a sync library (before migration), e.g. {@code requests.Session}.
 *
 * @param asyncContextManager {@code with x:} becomes {@code async with x:} after migration
 * @param asyncIterable       {@code for v in x:} becomes {@code async for v in x:} after migration
 * @param renamedAttributes   attributes with another name on the async type ({@code reason} → {@code reason_phrase});
 *                            a value {@code "not x"} reads the negation of attribute x ({@code ok} → {@code (not is_error)})
 * @param attributeTypes      attributes that hold other known types ({@code Elasticsearch.indices})
 * @param itemType            the type of {@code x[key]}, or null ({@code MongoClient["db"]} → a database)
 * @param ruleId              the rule that owns it
 * @param anyAttributeType    see {@link #withAnyAttributeType}
 * @param listTemplate        see {@link #withListTemplate}
 * @param classAttributeTypes see {@link #withClassAttributeTypes}
 */
public record TypeSpec(String name, boolean asyncContextManager, boolean asyncIterable,
                       Map<String, String> renamedAttributes, Map<String, String> attributeTypes, String itemType,
                       String ruleId, String anyAttributeType, String listTemplate,
                       Map<String, String> classAttributeTypes, Map<String, String> awaitedAttributes) {
    public TypeSpec {
        renamedAttributes = Map.copyOf(renamedAttributes);
        attributeTypes = Map.copyOf(attributeTypes);
        classAttributeTypes = Map.copyOf(classAttributeTypes);
        awaitedAttributes = Map.copyOf(awaitedAttributes);
    }

    /**
     * Attributes that become awaited method calls on the async type, e.g. aiohttp's {@code text} →
     * {@code await r.text()}: name → the call that replaces it ({@code text()}).
     */
    public TypeSpec withAwaitedAttributes(Map<String, String> attributes) {
        return new TypeSpec(name, asyncContextManager, asyncIterable, renamedAttributes, attributeTypes, itemType,
                ruleId, anyAttributeType, listTemplate, classAttributeTypes, attributes);
    }

    public TypeSpec(String name, boolean asyncContextManager, boolean asyncIterable,
                    Map<String, String> renamedAttributes, Map<String, String> attributeTypes, String itemType,
                    String ruleId) {
        this(name, asyncContextManager, asyncIterable, renamedAttributes, attributeTypes, itemType, ruleId, null, null,
                Map.of(), Map.of());
    }

    /** Any attribute that is not a known method has this type ({@code client.mydb} → a database). */
    public TypeSpec withAnyAttributeType(String type) {
        return new TypeSpec(name, asyncContextManager, asyncIterable, renamedAttributes, attributeTypes, itemType,
                ruleId, type, listTemplate, classAttributeTypes, awaitedAttributes);
    }

    /**
     * How {@code list(x)} of this type is written after migration, with {@code {}} standing for x's text, e.g.
     * {@code await {}.to_list(None)}; null keeps the default ({@code [item async for item in x]} when iterable).
     */
    public TypeSpec withListTemplate(String template) {
        return new TypeSpec(name, asyncContextManager, asyncIterable, renamedAttributes, attributeTypes, itemType,
                ruleId, anyAttributeType, template, classAttributeTypes, awaitedAttributes);
    }

    /**
     * Attributes of project classes that inherit from this type, read on the class ({@code Model.objects} → a
     * manager) or on an instance ({@code self.client} in a Django test case → its test client).
     */
    public TypeSpec withClassAttributeTypes(Map<String, String> types) {
        return new TypeSpec(name, asyncContextManager, asyncIterable, renamedAttributes, attributeTypes, itemType,
                ruleId, anyAttributeType, listTemplate, types, awaitedAttributes);
    }
}
