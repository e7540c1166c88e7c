package dev.unblock.migrate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A rule's identity: its ID (UBnnn), a kebab-case name, and one line saying what it does. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    String id();

    String name();

    String summary();
}
