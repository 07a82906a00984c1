package dev.community.loadtest.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A least-squares line through one resource's samples: its slope per hour, and whether that slope is within the
 * noise. "Within the noise" means the rise the line predicts over the whole run is no more than twice the standard
 * deviation of the samples around the line (residuals) — a leak rises steadily and beats its own scatter; GC
 * sawtooth and load jitter do not. The caller leaves the warm-up out ({@link SoakCrew}).
 *
 * @param resource     the figure's name
 * @param samples      how many samples the line fits (fewer than three: no verdict, {@code flat} true)
 * @param mean         their mean
 * @param slopePerHour the line's rise per hour, in the figure's unit
 * @param riseOverRun  the line's rise from the first to the last sample
 * @param noise        the residuals' standard deviation
 * @param flat         {@code riseOverRun <= 2 * noise} (or too few samples to tell)
 * @param fromSeconds  the first fitted sample's time (seconds into the run), where the line starts
 * @param toSeconds    the last one's, where it ends
 * @param lineFrom     the line's value at {@code fromSeconds}, so a chart draws the line this verdict is about
 * @param lineTo       its value at {@code toSeconds}
 */
public record Trend(String resource, int samples, double mean, double slopePerHour, double riseOverRun, double noise,
                    boolean flat, double fromSeconds, double toSeconds, double lineFrom, double lineTo) {

    /** The trend of {@code figure} over {@code samples}; samples where it is negative (unknown) are left out. */
    public static Trend of(String resource, List<ResourceSample> samples, ToDoubleFunction<ResourceSample> figure) {
        double[] x = new double[samples.size()];
        double[] y = new double[samples.size()];
        int n = 0;
        for (ResourceSample sample : samples) {
            double value = figure.applyAsDouble(sample);
            if (value >= 0 && !Double.isNaN(value)) {
                x[n] = sample.seconds();
                y[n] = value;
                n++;
            }
        }
        if (n == 0) {
            return new Trend(resource, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, true, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = y[i] - (meanY + slope * (x[i] - meanX));
            squares += residual * residual;
        }
        double noise = n > 2 ? Math.sqrt(squares / (n - 2)) : 0;
        double rise = slope * (x[n - 1] - x[0]);
        boolean flat = n < 3 || rise <= 2 * noise;
        return new Trend(resource, n, round(meanY), round(slope * 3600), round(rise), round(noise), flat, x[0], x[n - 1],
                round(meanY + slope * (x[0] - meanX)), round(meanY + slope * (x[n - 1] - meanX)));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
