package dev.mlcompose.runner.engine;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates a builder ({@code NameBuilder.builder()}) and withers ({@code NameBuilder.With}) for a record of the
 * engine's specs at compile time, so that specs are written by name, never as long positional calls: unset
 * optionals are empty, collections empty and immutable, numbers 0 and booleans false.
 */
@RecordBuilder.Template(options = @RecordBuilder.Options(useImmutableCollections = true,
        emptyDefaultForOptional = true, addConcreteSettersForOptional = true, addSingleItemCollectionBuilders = true))
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
@Inherited
public @interface Buildable {
}
