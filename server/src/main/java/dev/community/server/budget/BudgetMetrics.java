package dev.community.server.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code community.budget.rejections{budget}}: actions refused because their budget was spent. */
public final class BudgetMetrics {
    private final Map<BudgetKind, Counter> rejections = new EnumMap<>(BudgetKind.class);
    private final MeterRegistry registry;

    public BudgetMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (BudgetKind kind : BudgetKind.values()) {
            rejections.put(kind, Counter.builder("community.budget.rejections")
                    .description("Client actions refused because their budget was spent, by budget")
                    .tag("budget", kind.tag()).register(registry));
        }
    }

    public void rejected(BudgetKind kind) {
        rejections.get(kind).increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
