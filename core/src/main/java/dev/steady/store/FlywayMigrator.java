package dev.steady.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Runs the versioned migrations with Flyway. The scripts are listed, not scanned, so they are
 * found the same way in the IDE, in the test classpath and in the shaded jar.
 */
final class FlywayMigrator {

  private FlywayMigrator() {}

  static void migrate(DataSource dataSource, Dialect dialect) {
    Flyway.configure(FlywayMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .placeholders(Map.of("plan_key", dialect.planKeyColumn(), "bytes", dialect.bytesType(),
            "random_id", dialect.randomId()))
        .locations("classpath:" + Migrations.LOCATION)
        .resourceProvider(new Scripts())
        .javaMigrationClassProvider(List::of)
        .failOnMissingLocations(false)
        .loggers("slf4j") // never Flyway's console logger: stdout carries --json output
        .load()
        .migrate();
  }

  private static final class Scripts implements ResourceProvider {

    @Override
    public LoadableResource getResource(String name) {
      return Migrations.SCRIPTS.contains(name) ? new ScriptResource(name) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      return Migrations.SCRIPTS.stream()
          .filter(name -> name.startsWith(prefix))
          .filter(name -> Arrays.stream(suffixes).anyMatch(name::endsWith))
          .<LoadableResource>map(ScriptResource::new)
          .toList();
    }
  }
}
