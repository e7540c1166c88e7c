package dev.unblock.analysis;

import java.util.List;

/**
 * An expression the resolver can follow: a name and then attribute, call and subscript steps, such as
 * {@code self.session.get} or {@code requests.Session().get}. Anything else (literals, operators) is not a
 * chain, and its type is unknown.
 */
public record Chain(String root, List<Step> steps) {
    public Chain {
        steps = List.copyOf(steps);
        if (root.equals(OPAQUE)) {
            root = OPAQUE; // one instance, so isOpaque (asked at every resolve) compares references
        }
    }

    public sealed interface Step permits Attr, Call, Index {
    }

    /** {@code .name} */
    public record Attr(String name) implements Step {
    }

    /** {@code (...)}: the call site, by its index in {@link FileFacts#calls()}. */
    public record Call(int call) implements Step {
    }

    /** {@code [key]}: the key when it is a string literal, else null. */
    public record Index(String key) implements Step {
    }

    /** The root of an expression the resolver cannot follow (a literal, an operator, a parenthesized value). */
    public static final String OPAQUE = "?";

    /** The name of the last step when it is an attribute ({@code m} of {@code x.y.m}), else null. */
    public String lastName() {
        return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Attr a ? a.name() : null;
    }

    public boolean isOpaque() {
        return root == OPAQUE;
    }

    public Chain prefix(int steps) {
        return new Chain(root, this.steps.subList(0, steps));
    }

    /** Whether the chain is only names ({@code a.b.c}): {@link #dotted()} is not null, without making the text. */
    public boolean isDotted() {
        for (int i = 0, n = steps.size(); i < n; i++) {
            if (!(steps.get(i) instanceof Attr)) {
                return false;
            }
        }
        return true;
    }

    /** The dotted text when the chain is only names ({@code a.b.c}); null otherwise. */
    public String dotted() {
        StringBuilder out = new StringBuilder(root);
        for (Step s : steps) {
            if (!(s instanceof Attr a)) {
                return null;
            }
            out.append('.').append(a.name());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(root);
        for (Step s : steps) {
            if (s instanceof Attr a) {
                out.append('.').append(a.name());
            } else if (s instanceof Index i) {
                out.append('[').append(i.key() == null ? "?" : '"' + i.key() + '"').append(']');
            } else {
                out.append("()");
            }
        }
        return out.toString();
    }
}
