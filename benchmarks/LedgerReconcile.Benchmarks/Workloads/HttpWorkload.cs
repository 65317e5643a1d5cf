using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;

namespace LedgerReconcile.Benchmarks.Workloads;

// The real `ledger serve --demo` (SQLite in the scratch folder) as a child process, read over loopback HTTP by a fixed
// number of concurrent clients: the current billable state and point-in-time queries of the demo's customers.
//
// The API limits every key to 100 requests/s (burst 200). So that the limiter is not what is measured, the harness
// issues auditor keys through the admin key first and gives each key at most KeyBudget consecutive requests.
internal static partial class HttpWorkload
{
    private const int KeyBudget = 150;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PhaseLimit = TimeSpan.FromMinutes(5);

    public static string LedgerDll =>
        typeof(HttpWorkload).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "LedgerApi").Value!;

    public static async Task RunAsync(BenchmarkContext context)
    {
        var dll = LedgerDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The ledger executable is not built at {dll}; build src/LedgerReconcile.Host.", dll);
        }

        var folder = Path.Combine(context.WorkDirectory, "http-ledger");
        Directory.CreateDirectory(folder);
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "serve", "--demo", "--sqlite", Path.Combine(folder, "data", "ledger.db"), "--urls", baseUrl })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine("! " + e.Data); };
        process.Start();
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            string Output()
            {
                lock (output)
                {
                    return output.ToString();
                }
            }

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = WorkloadSizes.HttpClients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

            var keysMatch = await WaitUntilReadyAsync(process, http, Output);
            var (admin, auditor) = (keysMatch.Groups["admin"].Value, keysMatch.Groups["auditor"].Value);
            context.Log($"  ledger ready at {baseUrl} ({folder})");

            using var list = Get(auditor, "/api/customers?limit=1000");
            using var listed = await http.SendAsync(list);
            var customers = await ReadOkAsync<List<JsonElement>>(listed, "GET /api/customers");
            var keys = customers.Select(c => c.GetProperty("customerKey").GetString()!).ToList();
            if (keys.Count == 0)
            {
                throw new InvalidOperationException("The demo ledger lists no customers.");
            }

            // Every customer's recorded span, from its audit history: point-in-time queries ask inside it.
            var spans = new List<(string Customer, DateTimeOffset First, DateTimeOffset Last)>();
            foreach (var customer in keys)
            {
                using var request = Get(auditor, $"/api/customers/{Uri.EscapeDataString(customer)}/history?limit=1000");
                using var response = await http.SendAsync(request);
                var page = await ReadOkAsync<JsonElement>(response, "GET history");
                var entries = page.GetProperty("entries").EnumerateArray().ToList();
                if (entries.Count == 0)
                {
                    continue;
                }

                var recorded = entries.Select(e => e.GetProperty("recordedAt").GetDateTimeOffset()).ToList();
                var valid = entries.Select(e => e.GetProperty("validAt").GetDateTimeOffset()).ToList();
                spans.Add((customer, recorded.Min() < valid.Min() ? recorded.Min() : valid.Min(), recorded.Max()));
            }

            if (spans.Count == 0)
            {
                throw new InvalidOperationException("No demo customer has an audit history to ask point-in-time questions of.");
            }

            var random = new Random(20261126);
            var perPhase = context.Sizes.HttpWarmup + context.Sizes.HttpRequests;
            var clientKeys = await IssueKeysAsync(http, admin, ((2 * perPhase) + KeyBudget - 1) / KeyBudget);
            context.Log($"  {keys.Count} customers, {spans.Count} with history; {clientKeys.Count} auditor keys issued for the load");

            var current = Enumerable.Range(0, perPhase)
                .Select(_ => $"/api/customers/{Uri.EscapeDataString(keys[random.Next(keys.Count)])}/billable")
                .ToArray();
            var pointInTime = Enumerable.Range(0, perPhase).Select(_ =>
            {
                var (customer, first, last) = spans[random.Next(spans.Count)];
                var asOf = first.AddTicks((long)(random.NextDouble() * (last - first).Ticks));
                var knownAt = asOf.AddTicks((long)(random.NextDouble() * (last - asOf).Ticks));
                return $"/api/customers/{Uri.EscapeDataString(customer)}/billable?asOf={Time(asOf)}&knownAt={Time(knownAt)}";
            }).ToArray();

            var used = 0;
            context.AddLoop(WorkloadNames.HttpBillable, Contenders.Sqlite, await LoadAsync(context, http, current, clientKeys, used, WorkloadNames.HttpBillable), "requests/s");
            used += perPhase;
            context.AddLoop(WorkloadNames.HttpPointInTime, Contenders.Sqlite, await LoadAsync(context, http, pointInTime, clientKeys, used, WorkloadNames.HttpPointInTime), "requests/s");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            string tail;
            lock (output)
            {
                tail = string.Join('\n', output.ToString().Split('\n').TakeLast(40));
            }

            context.Log("  ledger output (last lines):\n" + tail);
            throw;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
    }

    // Warm-up requests (not timed) then the measured ones, HttpClients at a time; any status but 200 fails the workload.
    private static async Task<LoopResult> LoadAsync(BenchmarkContext context, HttpClient http, string[] paths, IReadOnlyList<string> keys, int firstRequest, string workload)
    {
        var warmup = context.Sizes.HttpWarmup;
        var failures = 0;
        string? firstFailure = null;
        var next = -1;
        var perClient = new Latencies[WorkloadSizes.HttpClients];
        var clock = Stopwatch.StartNew();
        using var limit = new CancellationTokenSource(PhaseLimit);

        async Task<bool> SendAsync(int i)
        {
            using var request = Get(keys[(firstRequest + i) / KeyBudget], paths[i]);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            var body = await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false);
            Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode} for {paths[i]}: {body[..Math.Min(body.Length, 300)]}", null);
            Interlocked.Increment(ref failures);
            return false;
        }

        // Warm-up: the same requests, all clients, untimed.
        await Task.WhenAll(Enumerable.Range(0, WorkloadSizes.HttpClients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < warmup)
            {
                await SendAsync(i).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);

        next = warmup - 1;
        var measureFrom = clock.ElapsedTicks;
        await Task.WhenAll(Enumerable.Range(0, WorkloadSizes.HttpClients).Select(c => Task.Run(async () =>
        {
            var latencies = perClient[c] = new Latencies(paths.Length / WorkloadSizes.HttpClients + 16);
            int i;
            while ((i = Interlocked.Increment(ref next)) < paths.Length)
            {
                var started = clock.ElapsedTicks;
                await SendAsync(i).ConfigureAwait(false);
                latencies.Add(clock.ElapsedTicks - started);
            }
        }))).ConfigureAwait(false);
        var measureTo = clock.ElapsedTicks;

        if (failures > 0)
        {
            throw new InvalidOperationException($"{workload}: {failures} of {paths.Length} requests did not answer 200; the first: {firstFailure}");
        }

        var all = new Latencies(paths.Length);
        foreach (var latencies in perClient)
        {
            all.AddRange(latencies);
        }

        var window = TimeSpan.FromSeconds((double)(measureTo - measureFrom) / Stopwatch.Frequency);
        return new LoopResult(all.Count, all.Count, window, all);
    }

    private static async Task<Match> WaitUntilReadyAsync(Process process, HttpClient http, Func<string> output)
    {
        var deadline = DateTime.UtcNow + ReadyWithin;
        var ready = false;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"ledger serve --demo exited with {process.ExitCode}.");
            }

            if (!ready)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    using var response = await http.GetAsync("/health/ready", timeout.Token);
                    ready = response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (ready && KeysPattern().Match(output()) is { Success: true } keys)
            {
                return keys;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"ledger serve --demo was not ready (/health/ready and its printed keys) within {ReadyWithin}.");
    }

    private static async Task<IReadOnlyList<string>> IssueKeysAsync(HttpClient http, string admin, int count)
    {
        var keys = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { role = "auditor", label = $"benchmark client {i}" }) };
            request.Headers.Add("X-Api-Key", admin);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/keys answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            keys.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
            if (i % 100 == 99)
            {
                await Task.Delay(TimeSpan.FromSeconds(1)); // the admin key's own rate limit
            }
        }

        return keys;
    }

    private static async Task<T> ReadOkAsync<T>(HttpResponseMessage response, string what)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>(BenchmarkJson.Options))!;
    }

    private static HttpRequestMessage Get(string key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private static string Time(DateTimeOffset t) =>
        Uri.EscapeDataString(t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"admin\s+(?<admin>lr_\S+)\s+finance\s+(?<finance>lr_\S+)\s+auditor\s+(?<auditor>lr_\S+)")]
    private static partial Regex KeysPattern();
}
