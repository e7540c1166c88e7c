package dev.unblock.bot;

import dev.unblock.github.Publisher;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unblock's dashboard issue in one repository. It is found by the hidden marker in its body among the issues the App
 * opened (never by its title, which people may change); when a race left two, the oldest is the dashboard and the
 * others are retired (marker removed, closed), so every job converges on one issue.
 */
final class DashboardIssue {
    static final String TITLE = "Unblock: asyncio migration dashboard";
    private static final Pattern MARKER = Pattern.compile("<!-- unblock:dashboard commit=([0-9a-f]{40})( off)? -->");
    private static final Logger LOG = LoggerFactory.getLogger(DashboardIssue.class);

    private DashboardIssue() {
    }

    /** The marker of a dashboard showing {@code commit}; {@code off}: closed because the config turned it off. */
    static String marker(String commit, boolean off) {
        return "<!-- unblock:dashboard commit=" + commit + (off ? " off" : "") + " -->";
    }

    static boolean isDashboard(String body) {
        return body != null && MARKER.matcher(body).find();
    }

    /** The commit a dashboard's body shows, or null. */
    static String commitIn(String body) {
        Matcher m = MARKER.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    /** True when the dashboard was closed by Unblock because the config turned it off (not by a person). */
    static boolean turnedOff(String body) {
        Matcher m = MARKER.matcher(body == null ? "" : body);
        return m.find() && m.group(2) != null;
    }

    /** Every issue of the App that carries the marker, oldest first. */
    static List<GHIssue> all(GHRepository repo, String botLogin) throws IOException {
        return Publisher.issuesBy(repo, botLogin).stream().filter(i -> isDashboard(i.getBody())).toList();
    }

    /** The dashboard (the oldest with the marker), or null; younger ones, left by a race, are retired on the way. */
    static GHIssue find(GHRepository repo, String botLogin) throws IOException {
        List<GHIssue> found = all(repo, botLogin);
        if (found.isEmpty()) {
            return null;
        }
        GHIssue keep = found.get(0);
        for (GHIssue duplicate : found.subList(1, found.size())) {
            retire(repo, duplicate, keep);
        }
        return keep;
    }

    /** An open dashboard, or null: what check runs and pull requests link to. */
    static GHIssue findOpen(GHRepository repo, String botLogin) throws IOException {
        GHIssue dashboard = find(repo, botLogin);
        return dashboard != null && dashboard.getState() == GHIssueState.OPEN ? dashboard : null;
    }

    private static void retire(GHRepository repo, GHIssue duplicate, GHIssue keep) throws IOException {
        LOG.info("{}: dashboard #{} duplicates #{}; closing it", repo.getFullName(), duplicate.getNumber(), keep.getNumber());
        Publisher.updateIssueBody(duplicate, "This issue duplicated Unblock's dashboard, #" + keep.getNumber()
                + " (two jobs opened one at the same time); it is closed and no longer updated.");
        if (duplicate.getState() == GHIssueState.OPEN) {
            duplicate.close();
        }
    }
}
