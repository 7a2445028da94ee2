package dev.o2ext.bench;

import java.util.List;

/** Order statistics of measurements. */
final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile ({@code p} in 0–100) of the values; 0 for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
