package dev.steady.store;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.flywaydb.core.api.resource.LoadableResource;

/** One migration script read from the classpath by name, so no directory scan is needed. */
final class ScriptResource extends LoadableResource {

  private final String name;

  ScriptResource(String name) {
    this.name = name;
  }

  @Override
  public Reader read() {
    InputStream in = ScriptResource.class.getClassLoader().getResourceAsStream(getAbsolutePath());
    if (in == null) {
      throw new IllegalStateException("migration " + getAbsolutePath() + " is missing from the jar");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  @Override
  public String getAbsolutePath() {
    return Migrations.LOCATION + "/" + name;
  }

  @Override
  public String getAbsolutePathOnDisk() {
    return getAbsolutePath();
  }

  @Override
  public String getFilename() {
    return name;
  }

  @Override
  public String getRelativePath() {
    return name;
  }
}
