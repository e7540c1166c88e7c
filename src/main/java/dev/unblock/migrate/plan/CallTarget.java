package dev.unblock.migrate.plan;

import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;

/**
 * What a call refers to: a project function ({@code constructor} when the call builds an instance of a project
 * class and {@code function} is its {@code __init__}), or a call the catalog describes.
 */
public record CallTarget(FunctionRef function, CallSpec spec, Value callee, boolean constructor) {
}
