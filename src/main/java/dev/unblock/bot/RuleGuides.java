package dev.unblock.bot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The target library's own migration guide for a rule, as its doc names it on a line
 * {@code Migration guide: [title](https://…)} (knowledge stays with the rule's doc, not in the bot).
 */
final class RuleGuides {
    /** One guide: its title and address. */
    record Guide(String title, String url) {
    }

    private static final Pattern LINE = Pattern.compile("(?m)^Migration guide: (.*)$");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https://[^)\\s]+)\\)");
    private static final Map<String, List<Guide>> CACHE = new ConcurrentHashMap<>();

    private RuleGuides() {
    }

    static List<Guide> of(String rule) {
        if (rule == null || !rule.matches("UB[0-9]{3}")) {
            return List.of();
        }
        return CACHE.computeIfAbsent(rule, RuleGuides::read);
    }

    private static List<Guide> read(String rule) {
        try (InputStream in = RuleGuides.class.getResourceAsStream("/dev/unblock/rules/" + rule + ".md")) {
            if (in == null) {
                return List.of();
            }
            Matcher line = LINE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Guide> guides = new ArrayList<>();
            while (line.find()) {
                Matcher link = LINK.matcher(line.group(1));
                while (link.find()) {
                    guides.add(new Guide(link.group(1), link.group(2)));
                }
            }
            return List.copyOf(guides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
