using System.Text.RegularExpressions;

namespace LedgerReconcile.Simulators.Datto;

public enum DattoFaultKind { Status, Slow, DropConnection, Body }

// Route is a pattern on the path after /v1, e.g. "/bcdr/device/*/asset" ('*' = one path segment, '**' = anything).
// The first AfterCalls matching calls pass; the next Times calls get the fault; later calls pass again.
public sealed record DattoFault
{
    public required string Route { get; init; }
    public string? QueryContains { get; init; }
    public DattoFaultKind Kind { get; init; } = DattoFaultKind.Status;
    public int StatusCode { get; init; } = 503;
    public string? RetryAfter { get; init; }
    public TimeSpan Delay { get; init; }
    public string? Body { get; init; }
    public int Times { get; init; } = int.MaxValue;
    public int AfterCalls { get; init; }

    public static DattoFault Status(string route, int statusCode, int times = int.MaxValue) =>
        new() { Route = route, StatusCode = statusCode, Times = times };

    public static DattoFault TooManyRequests(string route, string retryAfter, int times = 1) =>
        new() { Route = route, StatusCode = 429, RetryAfter = retryAfter, Times = times };

    public static DattoFault Slow(string route, TimeSpan delay, int times = int.MaxValue) =>
        new() { Route = route, Kind = DattoFaultKind.Slow, Delay = delay, Times = times };

    public static DattoFault DropConnection(string route, int times = 1) =>
        new() { Route = route, Kind = DattoFaultKind.DropConnection, Times = times };

    // Answers with a literal body, e.g. a shape no source documents or text that is not JSON.
    public static DattoFault Respond(string route, string body, int statusCode = 200, int times = int.MaxValue) =>
        new() { Route = route, Kind = DattoFaultKind.Body, Body = body, StatusCode = statusCode, Times = times };

    internal bool Matches(string path, string query) =>
        RoutePattern.Matches(Route, path) && (QueryContains is null || query.Contains(QueryContains, StringComparison.OrdinalIgnoreCase));
}

public sealed class DattoFaultBook
{
    private readonly List<Slot> _slots = [];

    public void Add(DattoFault fault)
    {
        lock (_slots) _slots.Add(new Slot(fault));
    }

    public void Clear()
    {
        lock (_slots) _slots.Clear();
    }

    internal DattoFault? Next(string path, string query)
    {
        lock (_slots)
        {
            foreach (var slot in _slots)
            {
                if (!slot.Fault.Matches(path, query)) continue;
                var call = ++slot.Calls;
                if (call > slot.Fault.AfterCalls && call - slot.Fault.AfterCalls <= slot.Fault.Times) return slot.Fault;
            }
            return null;
        }
    }

    private sealed class Slot(DattoFault fault)
    {
        public DattoFault Fault { get; } = fault;
        public long Calls { get; set; }
    }
}

internal static class RoutePattern
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Cache = new();

    public static bool Matches(string pattern, string path) =>
        Cache.GetOrAdd(Normalise(pattern), p => new Regex(
                "^" + Regex.Escape(p).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "/?$",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .IsMatch(Normalise(path));

    public static string Normalise(string path)
    {
        var trimmed = path.Trim();
        if (!trimmed.StartsWith('/')) trimmed = "/" + trimmed;
        if (trimmed.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[3..];
        return trimmed.TrimEnd('/');
    }
}
