using System.Diagnostics;

namespace LedgerReconcile.Benchmarks.Shared;

// Latencies of one measured phase, recorded as Stopwatch ticks and summarised as percentiles.
public sealed class Latencies
{
    private readonly List<long> _ticks;

    public Latencies(int capacity = 1024) => _ticks = new List<long>(capacity);

    public int Count => _ticks.Count;

    public void Add(long stopwatchTicks) => _ticks.Add(stopwatchTicks);

    public void AddRange(Latencies other) => _ticks.AddRange(other._ticks);

    // The latency at quantile q (0..1), nearest rank, in milliseconds.
    public double PercentileMs(double q)
    {
        if (_ticks.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ticks.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    public IEnumerable<Measurement> Summarise(string workload, string store)
    {
        yield return new Measurement(workload, store, "p50", PercentileMs(0.50), "ms");
        yield return new Measurement(workload, store, "p99", PercentileMs(0.99), "ms");
    }
}
