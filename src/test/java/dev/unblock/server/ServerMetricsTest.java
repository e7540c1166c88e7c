package dev.unblock.server;

import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} scraped from the running App: the JVM, GC, process and HTTP server binders beside the App's own. */
class ServerMetricsTest {
    @TempDir
    Path dir;

    @Test
    void scrapingShowsJvmGcProcessAndHttpServerMetricsWithRoutesNotPaths() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             TestApp app = TestApp.start(dir, github.url(), new SleepEngine(), TestApp.fastTuning())) {
            assertThat(app.deliver("installation", "m-1", Fixtures.webhook("installation/created.payload.json")).statusCode())
                    .isEqualTo(202);
            assertThat(app.get("/rules/UB101").statusCode()).isEqualTo(200);
            assertThat(app.get("/rules/UB999").statusCode()).isEqualTo(404);
            assertThat(app.get("/no/such/page").statusCode()).isEqualTo(404);
            System.gc();
            String metrics = "";
            for (int i = 0; i < 100 && !metrics.contains("jvm_gc_pause_seconds_count"); i++) {
                Thread.sleep(100);
                metrics = app.get("/metrics").body();
            }
            assertThat(app.get("/metrics").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            assertThat(metrics)
                    // JVM and GC
                    .contains("jvm_memory_used_bytes{area=\"heap\"")
                    .contains("jvm_memory_max_bytes{")
                    .contains("jvm_gc_pause_seconds_count{")
                    .contains("jvm_gc_memory_allocated_bytes_total")
                    .contains("jvm_gc_overhead ")
                    .contains("jvm_threads_live_threads ")
                    .contains("jvm_classes_loaded_classes ")
                    .contains("jvm_info{")
                    // the process
                    .contains("process_cpu_usage ")
                    .contains("system_cpu_count ")
                    .contains("process_uptime_seconds ")
                    .contains("process_files_open_files ")
                    // the HTTP server: Jetty's threads and connections, each request by route (never by raw path)
                    .contains("jetty_threads_busy ")
                    .contains("jetty_threads_config_max ")
                    .contains("jetty_connections_current")
                    .contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",route=\"/webhook\",status=\"202\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/rules/{id}\",status=\"200\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",route=\"/rules/{id}\",status=\"404\"} 1")
                    .contains("http_server_requests_seconds_bucket{method=\"POST\",outcome=\"SUCCESS\",route=\"/webhook\",status=\"202\",le=\"10.0\"} 1")
                    .doesNotContain("UB101").doesNotContain("/no/such/page")
                    // the App's own
                    .contains("unblock_app_configured 1.0")
                    .contains("unblock_webhook_deliveries_total{event=\"installation\",outcome=\"queued\"} 1.0");
            assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"404\"")
                    && !l.contains("/rules/"))).singleElement().asString().contains("route=\"unmatched\"");
        }
    }
}
