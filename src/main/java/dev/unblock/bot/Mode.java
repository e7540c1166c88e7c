package dev.unblock.bot;

/** What the App does in a repository ({@code mode:} in .github/unblock.yml). */
public enum Mode {
    /** Reviews on pull requests only. */
    SUGGEST,
    /** Migration pull requests only: on default-branch pushes, and companion PRs for pull requests. */
    PULL_REQUEST,
    /** Reviews on pull requests, migration PRs on default-branch pushes, companion PRs on command. */
    BOTH,
    OFF;

    public boolean reviews() {
        return this == SUGGEST || this == BOTH;
    }

    public boolean migrationPullRequests() {
        return this == PULL_REQUEST || this == BOTH;
    }
}
