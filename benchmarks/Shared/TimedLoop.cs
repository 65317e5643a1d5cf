using System.Diagnostics;

namespace LedgerReconcile.Benchmarks.Shared;

// What a timed loop measured: operations completed inside the measured window, and their latencies.
public sealed record LoopResult(long Operations, long Items, TimeSpan Window, Latencies Latencies)
{
    public double ItemsPerSecond => Items / Window.TotalSeconds;
}

// Runs `writers` concurrent loops of one operation: a warm-up that is not counted, then a measured window.
// An operation counts when it starts inside the window; its latency is what one caller waited.
public static class TimedLoop
{
    public static async Task<LoopResult> RunAsync(int writers, TimeSpan warmup, TimeSpan window, int itemsPerOperation, Func<int, Func<Task>> writerFactory)
    {
        var operations = Enumerable.Range(0, writers).Select(writerFactory).ToArray();
        var perWriter = new Latencies[writers];
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var measureTo = (warmup + window).Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var lastEnd = new long[writers];

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var latencies = perWriter[w] = new Latencies(4096);
            var operation = operations[w];
            while (true)
            {
                // Every writer gets at least one measured operation, even when one takes longer than the window.
                var started = clock.ElapsedTicks;
                if (started >= measureTo && latencies.Count > 0)
                {
                    break;
                }

                await operation().ConfigureAwait(false);
                var ended = clock.ElapsedTicks;
                if (started >= measureFrom || ended >= measureTo)
                {
                    latencies.Add(ended - started);
                    lastEnd[w] = ended;
                }
            }
        }))).ConfigureAwait(false);

        var all = new Latencies();
        foreach (var latencies in perWriter)
        {
            all.AddRange(latencies);
        }

        // Operations started before the window's end may finish after it: the window is stretched to the last of them.
        var end = Math.Max(measureTo, lastEnd.Max());
        var seconds = (double)(end - measureFrom) / Stopwatch.Frequency;
        return new LoopResult(all.Count, (long)all.Count * itemsPerOperation, TimeSpan.FromSeconds(seconds), all);
    }

    // Times operation repetitions times after warmups untimed runs.
    public static async Task<Latencies> RepeatAsync(int warmups, int repetitions, Func<int, Task> operation)
    {
        for (var i = 0; i < warmups; i++)
        {
            await operation(i).ConfigureAwait(false);
        }

        var latencies = new Latencies(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetTimestamp() - started);
        }

        return latencies;
    }
}
