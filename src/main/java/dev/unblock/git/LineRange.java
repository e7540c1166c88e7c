package dev.unblock.git;

/** Lines first..last (1-based, inclusive) of a file. */
public record LineRange(int first, int last) {
    public boolean contains(int from, int to) {
        return from >= first && to <= last;
    }
}
