package dev.unblock.analysis;

/**
 * What the resolver needs to know about library types to follow values through them: which methods a type has,
 * what calls and attributes return. The migration catalog answers (rules contribute it); the resolver knows no
 * library itself.
 */
public interface LibraryTypes {
    /** Whether {@code type} is a described library type (a client, a response…). */
    boolean knowsType(String type);

    /** Whether {@code type} has a described method of this name. */
    boolean hasMethod(String type, String method);

    /** The type a described method returns, or null. */
    String methodResult(String type, String method);

    /** Whether a module-level function or constructor is described. */
    boolean knowsFunction(String qualifiedName);

    /** The type a described function returns, or null. */
    String functionResult(String qualifiedName);

    /** The type of {@code value[key]} for a value of this type, or null. */
    String itemType(String type);

    /** The type of a class attribute that the library's base class gives its subclasses, or null. */
    String classAttributeType(String type, String name);

    /** The type of {@code value.name}, or null. */
    String attributeType(String type, String name);

    /**
     * The type of the argument a library passes at {@code position} to a function handed to {@code function}
     * ({@code RunPython(forwards)} calls {@code forwards(apps, schema_editor)}), or null.
     */
    default String callbackParameterType(String function, int position) {
        return null;
    }
}
