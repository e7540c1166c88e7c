package dev.unblock.git;

import dev.unblock.migrate.PathGlobs;
import dev.unblock.testing.RemoteRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChangedFilesTest {
    static final String ZERO = "0".repeat(40);
    @TempDir
    Path dir;
    RemoteRepo remote;

    @BeforeEach
    void init() throws Exception {
        remote = new RemoteRepo(dir);
    }

    @AfterEach
    void close() {
        remote.close();
    }

    static String lines(int n, int changedLine, String change) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(i == changedLine ? change : "line " + i).append('\n');
        }
        return text.toString();
    }

    @Test
    void followsRenamesLeavesOutDeletionsAndKeepsOnlySelectedPython() throws Exception {
        Map<String, String> first = new HashMap<>();
        first.put("pkg/old_name.py", lines(30, 0, ""));
        first.put("pkg/gone.py", "x = 1\n");
        first.put("tests/test_x.py", "x = 1\n");
        String before = remote.commit("master", first, "one");
        Map<String, String> second = new HashMap<>();
        second.put("pkg/old_name.py", null);
        second.put("pkg/new_name.py", lines(30, 15, "changed"));
        second.put("pkg/gone.py", null);
        second.put("tests/test_x.py", "x = 2\n");
        second.put("notes.md", "text\n");
        String after = remote.commit("master", second, "two");
        Repository repo = remote.bare();

        List<ChangedFile> files = ChangedFiles.between(repo, ObjectId.fromString(before), ObjectId.fromString(after),
                new PathGlobs(List.of(), List.of("tests/**")));
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("pkg/new_name.py");
            assertThat(f.oldPath()).isEqualTo("pkg/old_name.py");
            assertThat(f.hunks()).containsExactly(new LineRange(12, 18));
            assertThat(f.inOneHunk(12, 18)).isTrue();
            assertThat(f.inOneHunk(11, 12)).isFalse();
        });
    }

    @Test
    void aNewBranchIsComparedWithTheDefaultBranchAndANewDefaultBranchIsAllOfIt() throws Exception {
        String master = remote.commit("master", Map.of("a.py", "a = 1\n"), "base");
        String feature = remote.commit("feature", Map.of("b.py", "b = 1\n"), "feature");
        Repository repo = remote.bare();
        assertThat(ChangedFiles.ofPush(repo, ZERO, ObjectId.fromString(feature), ObjectId.fromString(master), PathGlobs.everything()))
                .extracting(ChangedFile::path).containsExactly("b.py");
        assertThat(ChangedFiles.ofPush(repo, ZERO, ObjectId.fromString(master), null, PathGlobs.everything()))
                .extracting(ChangedFile::path).containsExactly("a.py");
    }

    @Test
    void hunksMergeWhenTheirContextTouches() {
        assertThat(ChangedFiles.hunks(List.of(new org.eclipse.jgit.diff.Edit(4, 5, 4, 5), new org.eclipse.jgit.diff.Edit(10, 11, 10, 11),
                new org.eclipse.jgit.diff.Edit(30, 30, 30, 31))))
                .containsExactly(new LineRange(2, 14), new LineRange(28, 34));
    }

    @Test
    void snapshotsReadBlobsAndCommitsWriteTreesWithoutAWorkTree() throws Exception {
        String base = remote.commit("master", Map.of("a.py", "a = 1\n", "docs/x.md", "x\n"), "base");
        Repository repo = remote.bare();
        GitTreeSnapshot snapshot = new GitTreeSnapshot(repo, ObjectId.fromString(base));
        assertThat(snapshot.pythonFiles()).containsExactly("a.py");
        assertThat(snapshot.exists("docs/x.md")).isTrue();
        assertThat(new String(snapshot.read("a.py"), StandardCharsets.UTF_8)).isEqualTo("a = 1\n");

        ObjectId commit = MigrationCommitter.commit(repo, ObjectId.fromString(base),
                Map.of("a.py", "a = 2\n".getBytes(StandardCharsets.UTF_8), "new/b.py", "b\n".getBytes(StandardCharsets.UTF_8)),
                new org.eclipse.jgit.lib.PersonIdent("bot", "bot@example.com"), "migrate");
        GitTreeSnapshot after = new GitTreeSnapshot(repo, commit);
        assertThat(after.pythonFiles()).containsExactly("a.py", "new/b.py");
        assertThat(new String(after.read("a.py"), StandardCharsets.UTF_8)).isEqualTo("a = 2\n");
        assertThat(after.exists("docs/x.md")).isTrue();
        assertThat(after.commit().getParent(0).getName()).isEqualTo(base);
    }
}
