package dev.unblock.git;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A crafted repository: links out of it, a submodule, a huge file, vendored and generated code, too many files. */
class GitTreeSnapshotLimitsTest {
    record Entry(FileMode mode, byte[] content) {
    }

    static Entry file(String text) {
        return new Entry(FileMode.REGULAR_FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectId commit(Repository repo, Map<String, Entry> entries) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                DirCacheEntry entry = new DirCacheEntry(e.getKey());
                entry.setFileMode(e.getValue().mode());
                try {
                    entry.setObjectId(e.getValue().mode() == FileMode.GITLINK
                            ? ObjectId.fromString("0123456789012345678901234567890123456789")
                            : inserter.insert(Constants.OBJ_BLOB, e.getValue().content()));
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
                builder.add(entry);
            });
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            PersonIdent who = new PersonIdent("Dev", "dev@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("crafted");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    static Map<String, Entry> hostile() {
        Map<String, Entry> e = new LinkedHashMap<>();
        e.put("app/ok.py", file("import time\ntime.sleep(1)\n"));
        e.put("app/passwd.py", new Entry(FileMode.SYMLINK, "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
        e.put("app/up.py", new Entry(FileMode.SYMLINK, "../../../../outside.py".getBytes(StandardCharsets.UTF_8)));
        e.put("linked", new Entry(FileMode.SYMLINK, "/usr/lib/python3".getBytes(StandardCharsets.UTF_8)));
        e.put(".github/unblock.yml", new Entry(FileMode.SYMLINK, "/etc/shadow".getBytes(StandardCharsets.UTF_8)));
        e.put("sub", new Entry(FileMode.GITLINK, null));
        e.put("app/huge.py", file("x = 1\n".repeat(200_000))); // 1,200,000 bytes
        e.put("vendor/requests/api.py", file("def get(): pass\n"));
        e.put("vendor/requests/models.py", file("class Response: pass\n"));
        e.put("src/pkg/_vendor/six.py", file("x = 1\n"));
        e.put(".venv/lib/site.py", file("x = 1\n"));
        e.put("pkg/foo.egg-info/setup.py", file("x = 1\n"));
        e.put("shop/migrations/0001_initial.py", file("x = 1\n"));
        e.put("shop/migrations/helpers.py", file("x = 1\n"));
        e.put("api/service_pb2.py", file("x = 1\n"));
        e.put("api/service_pb2_grpc.py", file("x = 1\n"));
        return e;
    }

    @Test
    void linksSubmodulesHugeVendoredAndGeneratedFilesAreNeverHandedToTheEngineAndEachIsNoted() throws Exception {
        Repository repo = new InMemoryRepository(new DfsRepositoryDescription("crafted"));
        GitTreeSnapshot snapshot = new GitTreeSnapshot(repo, commit(repo, hostile()));

        assertThat(snapshot.pythonFiles()).containsExactly("app/ok.py", "shop/migrations/helpers.py");
        for (String link : new String[]{"app/passwd.py", "app/up.py", "linked", ".github/unblock.yml", "sub", "app/huge.py",
                "vendor/requests/api.py"}) {
            assertThat(snapshot.exists(link)).as(link).isFalse();
            assertThatThrownBy(() -> snapshot.read(link)).as(link).isInstanceOf(NoSuchFileException.class);
        }
        assertThat(snapshot.skipped()).containsExactly(
                Map.entry(".venv/", "vendored or generated folder (1 Python file)"),
                Map.entry("api/service_pb2.py", "generated code"),
                Map.entry("api/service_pb2_grpc.py", "generated code"),
                Map.entry("app/huge.py", "1.1 MB; the limit is 1 MB"),
                Map.entry("pkg/foo.egg-info/", "vendored or generated folder (1 Python file)"),
                Map.entry("shop/migrations/0001_initial.py", "generated code"),
                Map.entry("src/pkg/_vendor/", "vendored or generated folder (1 Python file)"),
                Map.entry("vendor/", "vendored or generated folder (2 Python files)"));
        assertThat(new String(snapshot.read("app/ok.py"), StandardCharsets.UTF_8)).isEqualTo("import time\ntime.sleep(1)\n");
    }

    @Test
    void linksAndSubmodulesAChangeSetTouchedAreNamedAsSkipped() throws Exception {
        Repository repo = new InMemoryRepository(new DfsRepositoryDescription("crafted"));
        GitTreeSnapshot snapshot = new GitTreeSnapshot(repo, commit(repo, hostile()));
        snapshot.noteNotFiles(java.util.List.of("app/ok.py", "app/passwd.py", "sub", "linked", "not/there.py"));
        assertThat(snapshot.skipped()).containsEntry("app/passwd.py", "a symbolic link (not followed)")
                .containsEntry("sub", "a submodule (not read)").containsEntry("linked", "a symbolic link (not followed)")
                .doesNotContainKeys("app/ok.py", "not/there.py", "app/up.py");
    }

    @Test
    void aChangeSetKeepsTheLinksAndSubmodulesItAddsSoThatTheyCanBeNamed() throws Exception {
        Repository repo = new InMemoryRepository(new DfsRepositoryDescription("links"));
        Map<String, Entry> before = new LinkedHashMap<>();
        before.put("app/ok.py", file("x = 1\n"));
        ObjectId base = commit(repo, before);
        Map<String, Entry> after = new LinkedHashMap<>(before);
        after.put("app/new.py", file("y = 2\n"));
        after.put("app/passwd.py", new Entry(FileMode.SYMLINK, "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
        after.put("sub", new Entry(FileMode.GITLINK, null));
        after.put("docs/readme.md", file("text\n"));
        ObjectId head = commit(repo, after);
        java.util.List<String> changed = ChangedFiles.between(repo, base, head, dev.unblock.migrate.PathGlobs.everything())
                .stream().map(ChangedFile::path).toList();
        assertThat(changed).containsExactlyInAnyOrder("app/new.py", "app/passwd.py", "sub");
        GitTreeSnapshot snapshot = new GitTreeSnapshot(repo, head);
        snapshot.noteNotFiles(changed);
        assertThat(snapshot.skipped()).containsExactly(Map.entry("app/passwd.py", "a symbolic link (not followed)"),
                Map.entry("sub", "a submodule (not read)"));
        assertThat(snapshot.pythonFiles()).containsExactly("app/new.py", "app/ok.py");
    }

    @Test
    void anOversizedFileTheEngineAsksForIsNeitherReadNorSilentlyMissing() throws Exception {
        Repository repo = new InMemoryRepository(new DfsRepositoryDescription("big"));
        Map<String, Entry> files = new LinkedHashMap<>();
        files.put("requirements.txt", file("requests==2.31.0\n".repeat(200_000))); // 3.4 MB
        files.put("pyproject.toml", file("[project]\nname = \"x\"\n"));
        files.put("app/a.py", file("x = 1\n"));
        GitTreeSnapshot snapshot = new GitTreeSnapshot(repo, commit(repo, files));
        assertThat(snapshot.skipped()).isEmpty(); // nothing asked for it yet
        assertThat(snapshot.size("requirements.txt")).isEqualTo(3_400_000);
        assertThat(snapshot.size("missing.txt")).isEqualTo(-1);
        assertThat(snapshot.exists("requirements.txt")).isFalse();
        assertThatThrownBy(() -> snapshot.read("requirements.txt")).isInstanceOf(NoSuchFileException.class);
        assertThat(snapshot.skipped()).containsExactly(Map.entry("requirements.txt", "3.2 MB; the limit is 1 MB"));
        assertThat(snapshot.exists("pyproject.toml")).isTrue();
        assertThat(new String(snapshot.read("pyproject.toml"), StandardCharsets.UTF_8)).startsWith("[project]");
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(SnapshotLimits.human(60L * 1024 * 1024)).isEqualTo("60 MB");
        assertThat(SnapshotLimits.human(1024 * 1024)).isEqualTo("1 MB");
        assertThat(SnapshotLimits.human(64 * 1024)).isEqualTo("64 KB");
        assertThat(SnapshotLimits.human(1536 * 1024)).isEqualTo("1.5 MB");
        assertThat(SnapshotLimits.human(900)).isEqualTo("900 bytes");
    }

    @Test
    void aJobReadsAtMostItsFileBudgetAndNothingAfterItsTimeBudget() throws Exception {
        Repository repo = new InMemoryRepository(new DfsRepositoryDescription("many"));
        Map<String, Entry> many = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            many.put("m" + i + ".py", file("x = " + i + "\n"));
        }
        ObjectId commit = commit(repo, many);
        GitTreeSnapshot capped = new GitTreeSnapshot(repo, commit, new SnapshotLimits(1024, 3, Duration.ofMinutes(1)));
        assertThat(capped.pythonFiles()).containsExactly("m0.py", "m1.py", "m2.py");
        assertThat(capped.skipped()).containsExactly(Map.entry("*", "2 Python files beyond the budget of 3 files a job"));

        GitTreeSnapshot spent = new GitTreeSnapshot(repo, commit, new SnapshotLimits(1024, 10, Duration.ZERO));
        Thread.sleep(5);
        assertThatThrownBy(() -> spent.read("m0.py")).isInstanceOf(SnapshotLimits.BudgetExceeded.class)
                .hasMessage("the job ran out of its time budget of 0 s reading m0.py");
    }
}
