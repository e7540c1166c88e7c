package dev.unblock.rules.web;

import dev.unblock.migrate.FileRule;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/**
 * A Django project's web layer becomes a FastAPI app: URLconfs → routers, function views → handlers with Django's
 * request data mapped and Django's response bodies kept, {@code asgi.py} (with {@code django.setup()}) for uvicorn.
 * The ORM stays Django's. See {@link DjangoPort}.
 */
@RuleInfo(id = DjangoToFastapi.ID, name = "django-to-fastapi",
        summary = "Django URLconfs and function views become FastAPI routers and handlers; the ORM stays Django's.")
public final class DjangoToFastapi implements Rule {
    static final String ID = "UB808";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // a file rule: nothing for the call catalog
    }

    @Override
    public FileRule fileRule(MigrationConfig config, Targets targets) {
        return targets.portsWebApps() ? new DjangoPort() : null;
    }
}
