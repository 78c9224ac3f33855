package ccgateway.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(PostgresAvailable.class)} on a test class that needs {@link PostgresServer}:
 * without server binaries its tests are reported skipped, one by one with the reason, its
 * {@code @BeforeAll} never runs, and the log gets one line saying why. (An abort from a
 * {@code @BeforeAll} alone would leave the class reported as zero tests, not as skipped ones.)
 */
public final class PostgresAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (PostgresBinaries.find().isPresent()) {
            return ConditionEvaluationResult.enabled("PostgreSQL server binaries found");
        }
        String reason = PostgresBinaries.missing();
        System.err.println(reason + " [" + context.getDisplayName() + "]");
        return ConditionEvaluationResult.disabled(reason);
    }
}
