using System.Collections.Concurrent;

namespace LedgerReconcile.Simulators.Datto;

// StatusCode 0 means the connection was dropped.
public sealed record SimulatedRequest(string Path, string Query, DateTimeOffset ReceivedAt, int StatusCode);

public sealed class SimulatedRequestLog
{
    private readonly ConcurrentQueue<SimulatedRequest> _requests = new();

    internal void Record(SimulatedRequest request) => _requests.Enqueue(request);

    public IReadOnlyList<SimulatedRequest> All => _requests.OrderBy(r => r.ReceivedAt).ToArray();

    public IReadOnlyList<SimulatedRequest> Matching(string routePattern) =>
        All.Where(r => RoutePattern.Matches(routePattern, r.Path)).ToArray();

    public int Count(string routePattern) => Matching(routePattern).Count;

    public void Clear() => _requests.Clear();
}
