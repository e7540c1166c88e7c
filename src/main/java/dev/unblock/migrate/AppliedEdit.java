package dev.unblock.migrate;

/**
 * One replacement the engine made in a file: the characters [start, end) of the original text became
 * {@code replacement}. Lines are 1-based and refer to the original text (endLine is the line holding the last
 * replaced character, or startLine for an insertion).
 */
public record AppliedEdit(int start, int end, int startLine, int endLine, String replacement, String ruleId,
                          String message) {
}
