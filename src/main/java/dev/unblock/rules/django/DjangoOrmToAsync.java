package dev.unblock.rules.django;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * Django ORM (4.1+/4.2+ async API): query-running manager and queryset methods → their {@code a…} forms, model
 * {@code save()/delete()/refresh_from_db()} → {@code asave()/adelete()/arefresh_from_db()}, iteration of querysets →
 * {@code async for}, {@code list(qs)} → a comprehension. {@code Model.objects} is tracked on project classes that
 * inherit {@code django.db.models.Model}, and many-to-many fields declared on them.
 */
@RuleInfo(id = "UB601", name = "django-orm-to-async",
        summary = "Django ORM queries in async code use the async API (aget, acreate, asave, async for).")
public final class DjangoOrmToAsync implements Rule {
    static final String ID = "UB601";
    static final String MODEL = "django.db.models.Model";
    static final String MANAGER = "django.db.models.Manager";
    static final String QUERYSET = "django.db.models.QuerySet";
    static final String RELATED = "django.db.models.fields.related.RelatedManager";
    /** The value of a foreign key (or one-to-one) field: reading it loads the related object. */
    static final String RELATED_OBJECT = "django.db.models.ForeignKey";

    /**
     * Models: the base class, and Django's own models (concrete ones the project queries, {@code User.objects.get},
     * and abstract ones it extends, {@code class User(AbstractUser)}).
     */
    static final List<String> MODELS = List.of(MODEL, "django.db.models.base.Model",
            "django.contrib.auth.models.User", "django.contrib.auth.models.Group",
            "django.contrib.auth.models.Permission", "django.contrib.auth.models.AbstractUser",
            "django.contrib.auth.models.AbstractBaseUser", "django.contrib.auth.base_user.AbstractBaseUser",
            "django.contrib.auth.models.PermissionsMixin", "django.contrib.contenttypes.models.ContentType",
            "django.contrib.sessions.models.Session", "django.contrib.sessions.base_session.AbstractBaseSession",
            "django.contrib.sites.models.Site", "django.contrib.admin.models.LogEntry",
            "django.contrib.flatpages.models.FlatPage", "django.contrib.redirects.models.Redirect");

    /** A model class as a value ({@code apps.get_model(...)}, {@code get_user_model()}): its metaclass. */
    static final String MODEL_CLASS = "django.db.models.base.ModelBase";
    static final String APPS = "django.apps.registry.Apps";

    /** Methods that run a query, and their async names. */
    static final Map<String, String> RUNNING = Map.ofEntries(
            Map.entry("get", "aget"), Map.entry("create", "acreate"), Map.entry("first", "afirst"),
            Map.entry("last", "alast"), Map.entry("count", "acount"), Map.entry("exists", "aexists"),
            Map.entry("update", "aupdate"), Map.entry("delete", "adelete"),
            Map.entry("get_or_create", "aget_or_create"), Map.entry("update_or_create", "aupdate_or_create"),
            Map.entry("aggregate", "aaggregate"), Map.entry("in_bulk", "ain_bulk"),
            Map.entry("bulk_create", "abulk_create"), Map.entry("bulk_update", "abulk_update"),
            Map.entry("earliest", "aearliest"), Map.entry("latest", "alatest"), Map.entry("contains", "acontains"),
            Map.entry("explain", "aexplain"));
    /** Methods that return a new queryset without running it. */
    static final List<String> CHAINING = List.of("all", "filter", "exclude", "order_by", "reverse", "distinct",
            "values", "values_list", "dates", "datetimes", "none", "union", "intersection", "difference",
            "select_related", "prefetch_related", "annotate", "alias", "defer", "only", "using", "extra",
            "get_queryset");
    /** Related managers (many-to-many fields and the like) change the database themselves. */
    static final Map<String, String> RELATED_WRITES = Map.of("add", "aadd", "remove", "aremove", "clear", "aclear",
            "set", "aset");

    /** Functions of Django that query (or may, rendering a template) in the calling thread, with what they do. */
    static final Map<String, String> SYNC_ONLY_FUNCTIONS = Map.ofEntries(
            Map.entry("django.shortcuts.get_object_or_404", "get_object_or_404() runs a query"),
            Map.entry("django.shortcuts.get_list_or_404", "get_list_or_404() runs a query"),
            Map.entry("django.contrib.auth.authenticate", "authenticate() queries the user"),
            Map.entry("django.contrib.auth.login", "login() writes the session and the user"),
            Map.entry("django.contrib.auth.logout", "logout() writes the session"),
            Map.entry("django.contrib.auth.get_user", "get_user() queries the user"),
            Map.entry("django.shortcuts.render", "render() renders a template, which may read related objects "
                    + "or iterate querysets"),
            Map.entry("django.template.loader.render_to_string", "render_to_string() renders a template, which may "
                    + "read related objects or iterate querysets"));

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // Django calls these methods of a model synchronously (save() from forms and the admin, clean*() from
        // validation...); a model's other methods are only called by the project.
        for (String type : List.of(MANAGER, QUERYSET, RELATED)) {
            catalog.knowledge().syncAndAsyncCoexist(type);
        }
        // a query left synchronous raises SynchronousOnlyOperation on an event loop (it does not merely block)
        catalog.knowledge().refusedOnEventLoop(ID, "runs Django queries");
        for (String model : MODELS) {
            catalog.knowledge().syncAndAsyncCoexist(model);
            catalog.knowledge().subclassedByDesign(model);
            catalog.knowledge().syncCaller(model, "save", "save_base", "delete", "clean*", "full_clean",
                    "validate_*", "get_absolute_url", "natural_key", "refresh_from_db", "from_db", "check",
                    "get_deferred_fields", "serializable_value", "prepare_database_save", "unique_error_message",
                    "date_error_message", "_*");
        }
        String why = "the query blocks the event loop; Django's async ORM API awaits it";
        for (String type : List.of(MANAGER, QUERYSET, RELATED)) {
            RUNNING.forEach((sync, async) -> catalog.method(type, sync, CallSpec.of(ID, Kind.AWAIT, async,
                    sync.equals("get") || sync.equals("create") || sync.equals("first") || sync.equals("last")
                            || sync.equals("earliest") || sync.equals("latest") ? MODEL : null,
                    sync + "() runs a query: " + async + "() is its async form")));
            for (String m : CHAINING) {
                catalog.method(type, m, CallSpec.of(ID, Kind.SYNC, null, QUERYSET, ""));
            }
            catalog.method(type, "iterator", CallSpec.of(ID, Kind.SYNC, null, QUERYSET, ""));
            catalog.method(type, "select_for_update", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                    "select_for_update() needs a transaction, and transactions are not available in async code"));
            catalog.method(type, "raw", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                    "raw() querysets have no async API: use sync_to_async"));
            catalog.type(new TypeSpec(type, false, !type.equals(MANAGER), Map.of(), Map.of(), null, ID));
        }
        // Other manager methods (create_user, get_by_natural_key, ...) run queries the engine has no async form of:
        // in async code Django refuses them, so their callers stay sync.
        catalog.method(MANAGER, Catalog.ANY_METHOD, CallSpec.of(ID, Kind.SYNC_ONLY, null, null, "is a method of a "
                + "Django manager with no async form known here: in async code Django raises SynchronousOnlyOperation "
                + "for its queries"));
        catalog.function("django.core.management.call_command", CallSpec.of(ID, Kind.SYNC_ONLY, null, null,
                "runs a management command, whose database work is synchronous: in async code Django raises "
                        + "SynchronousOnlyOperation for it"));
        // Django's own functions that run queries with no async form known here, and template rendering in the
        // calling thread (a template may read related objects or iterate a queryset it is handed): in async code
        // Django raises SynchronousOnlyOperation for them, so their callers stay sync.
        SYNC_ONLY_FUNCTIONS.forEach((function, what) -> catalog.function(function, CallSpec.of(ID, Kind.SYNC_ONLY, null,
                null, what + ": in async code Django raises SynchronousOnlyOperation for its queries")));
        RELATED_WRITES.forEach((sync, async) -> catalog.method(RELATED, sync, CallSpec.of(ID, Kind.AWAIT, async, null,
                sync + "() writes to the database: " + async + "() is its async form (Django 4.2)")));
        for (String field : List.of("ManyToManyField", "fields.related.ManyToManyField")) {
            catalog.function("django.db.models." + field, CallSpec.of(ID, Kind.SYNC, null, RELATED, ""));
        }
        for (String field : List.of("ForeignKey", "OneToOneField", "fields.related.ForeignKey",
                "fields.related.OneToOneField")) {
            catalog.function("django.db.models." + field, CallSpec.of(ID, Kind.SYNC, null, RELATED_OBJECT, ""));
        }
        catalog.queriesOnAccess(RELATED_OBJECT, ID, "reads a related object, which runs a query unless it was "
                + "loaded with select_related(); in async code Django raises SynchronousOnlyOperation");
        catalog.method(MODEL, "save", CallSpec.of(ID, Kind.AWAIT, "asave", null, "save() writes: asave() (Django 4.2)"));
        catalog.method(MODEL, "delete", CallSpec.of(ID, Kind.AWAIT, "adelete", null,
                "delete() writes: adelete() (Django 4.2)"));
        catalog.method(MODEL, "refresh_from_db", CallSpec.of(ID, Kind.AWAIT, "arefresh_from_db", null,
                "refresh_from_db() reads: arefresh_from_db() (Django 4.2)"));
        for (String model : MODELS) {
            catalog.type(new TypeSpec(model, false, false, Map.of(), Map.of(), null, ID)
                    .withClassAttributeTypes(Map.of("objects", MANAGER, "_default_manager", MANAGER)));
            for (String m : List.of("save", "delete", "refresh_from_db")) {
                catalog.method(model, m, catalog.method(MODEL, m));
            }
        }
        // Model classes reached as values: from the app registry (data migrations get one as their first argument)
        // and from get_user_model().
        catalog.type(new TypeSpec(MODEL_CLASS, false, false, Map.of(),
                Map.of("objects", MANAGER, "_default_manager", MANAGER), null, ID));
        for (String registry : List.of(APPS, "django.db.migrations.state.StateApps")) {
            catalog.type(new TypeSpec(registry, false, false, Map.of(), Map.of(), null, ID));
            catalog.method(registry, "get_model", CallSpec.of(ID, Kind.SYNC, null, MODEL_CLASS, ""));
        }
        for (String lookup : List.of("django.apps.apps.get_model", "django.contrib.auth.get_user_model")) {
            catalog.function(lookup, CallSpec.of(ID, Kind.SYNC, null, MODEL_CLASS, ""));
        }
        for (String runPython : List.of("django.db.migrations.RunPython",
                "django.db.migrations.operations.RunPython", "django.db.migrations.operations.special.RunPython")) {
            catalog.callbackParameters(runPython, APPS, "django.db.backends.base.schema.BaseDatabaseSchemaEditor");
        }
        for (String atomic : List.of("django.db.transaction.atomic")) {
            catalog.function(atomic, CallSpec.of(ID, Kind.FLAG, null, null,
                    "transaction.atomic() does not work in async code: move the block into a sync function run "
                            + "with sync_to_async"));
        }
        String pinned = targets.pinnedVersion("django");
        if (pinned != null && !Targets.atLeast(pinned, 4, 2)) {
            catalog.dependency(ID, new DependencyChange("django>=4.2", "django==" + pinned,
                    "the async model methods (asave, adelete, ...) exist from Django 4.2 on"));
        }
    }
}
